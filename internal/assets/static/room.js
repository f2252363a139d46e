// Discussion groups' live pages (internal/web/roomweb). The element with
// data-room-events follows the group's text/event-stream: "frame" events
// (the approved questions and the opinion map, as JSON) redraw the room
// screen and update the live page; "pending" reloads the moderators' page
// so that new posts appear. Without JavaScript the screen refreshes itself
// (meta refresh) and the other pages have a refresh link.
function liveRoom () {
  const root = document.querySelector('[data-room-events]')
  if (!root || typeof EventSource !== 'function') return
  const kind = root.getAttribute('data-room-kind')
  const url = root.getAttribute('data-room-events')
  const L = (k) => root.getAttribute('data-l-' + k) || ''
  const questions = root.querySelector('[data-room-questions]')
  const noneItem = questions && questions.querySelector('[data-room-none]')
  const noneText = noneItem ? noneItem.textContent : ''

  function el (tag, cls, text) {
    const e = document.createElement(tag)
    if (cls) e.className = cls
    if (text !== undefined) e.textContent = text
    return e
  }
  function share (s) {
    return L('agree') + ' ' + s.a + '% · ' + L('disagree') + ' ' + s.d + '% · ' + L('pass') + ' ' + s.p + '% (' + s.n + ' ' + L('reactions') + ')'
  }
  function drawQuestions (qs) {
    if (!questions) return
    const items = (qs || []).map((q) => { const li = el('li', '', q.text); li.setAttribute('data-id', q.id); return li })
    if (items.length === 0) { const li = el('li', '', noneText); li.setAttribute('data-room-none', ''); items.push(li) }
    questions.replaceChildren(...items)
  }
  function drawScreen (f) {
    drawQuestions(f.questions)
    const groups = f.groups || []
    const gp = root.querySelector('[data-room-groups]')
    if (gp) gp.textContent = groups.map((g) => L('group') + ' ' + g.name + ': ' + g.size + ' ' + L('people')).join(' · ')
    const list = root.querySelector('[data-room-statements]')
    if (!list) return
    list.replaceChildren(...(f.statements || []).map((s) => {
      const li = el('li')
      li.setAttribute('data-statement', s.id)
      li.append(el('span', 'fm-screen__statement', s.text), el('span', 'fm-screen__share', share(s)))
      if (s.g && s.g.length === groups.length) {
        li.append(el('span', 'fm-screen__share', s.g.map((a, i) => L('group') + ' ' + groups[i].name + ': ' + L('agree') + ' ' + a + '%').join(' · ')))
      }
      return li
    }))
  }
  function drawLive (f) {
    drawQuestions(f.questions)
    let fresh = false
    for (const s of f.statements || []) {
      const card = document.getElementById('s-' + s.id)
      if (!card) { fresh = true; continue }
      const p = card.querySelector('[data-room-share]')
      if (p && s.n > 0) p.textContent = share(s)
    }
    const status = root.querySelector('[data-room-status]')
    if (fresh && status && !status.firstChild) {
      const a = el('a', 'nhsuk-link', L('show'))
      a.href = window.location.pathname
      status.append(L('new') + ' ', a)
    }
  }
  function onFrame (e) {
    let f = {}
    try { f = JSON.parse(e.data) || {} } catch (err) { return }
    if (kind === 'screen') drawScreen(f)
    if (kind === 'live') drawLive(f)
  }
  function onPending () {
    if (kind !== 'moderate') return
    const a = document.activeElement
    if (a && a.form) return // do not pull the page from under a moderator
    window.location.reload()
  }
  let failures = 0
  function connect () {
    const source = new EventSource(url)
    source.addEventListener('open', () => { failures = 0 })
    source.addEventListener('frame', onFrame)
    source.addEventListener('pending', onPending)
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) return
      source.close()
      failures = Math.min(failures + 1, 6)
      setTimeout(connect, 1000 * 2 ** failures * (0.5 + Math.random()))
    })
  }
  connect()
}

liveRoom()
