// Folkmoot's only script: progressive enhancement. Every page works without
// it. Loaded as a module from /static/folkmoot.js, so it runs only in
// browsers NHS.UK frontend supports; there is no inline script, so the
// Content-Security-Policy can stay default-src 'self'.
import { initAll } from './vendor/nhsuk-frontend/nhsuk-frontend.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()

// Similar issues while typing: on the first step of raising an issue
// (a GET form to /issues/new with a #title field), ask /issues/similar for
// issues like the title after a pause in typing, and list them in a polite
// live region under the field. Without this script the next page shows the
// same list. Text is inserted with textContent only, never as markup.
// The script has no words of its own: the heading and hint come from the
// form's data-similar-heading and data-similar-hint attributes, and each
// issue's count from the answer's supporters_text, all in the page's
// language (the server's message catalogue).
const similarDelay = 400 // ms after the last key press
const similarMinLength = 10 // characters before asking

function similarWhileTyping () {
  const form = document.querySelector('form[method="get"][action="/issues/new"]')
  const title = form && form.querySelector('#title')
  if (!title) return
  const region = document.createElement('div')
  region.className = 'fm-similar-live'
  region.setAttribute('aria-live', 'polite')
  title.closest('.nhsuk-form-group').after(region)

  let timer = 0
  let asked = ''
  let controller = null
  title.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(async () => {
      const text = title.value.trim()
      if (text.length < similarMinLength || text === asked) return
      asked = text
      if (controller) controller.abort()
      controller = new AbortController()
      try {
        const res = await fetch('/issues/similar?text=' + encodeURIComponent(text), {
          headers: { Accept: 'application/json' },
          signal: controller.signal
        })
        if (!res.ok) return
        show(region, await res.json(), form.dataset)
      } catch (e) {
        // Aborted or offline: the server-rendered next step still works.
      }
    }, similarDelay)
  })
}

function show (region, issues, texts) {
  region.textContent = ''
  if (!Array.isArray(issues) || issues.length === 0) return
  const heading = document.createElement('h2')
  heading.className = 'nhsuk-heading-s'
  heading.textContent = texts.similarHeading || ''
  const hint = document.createElement('p')
  hint.className = 'nhsuk-body-s'
  hint.textContent = texts.similarHint || ''
  const list = document.createElement('ul')
  list.className = 'fm-issue-list'
  for (const is of issues) {
    const li = document.createElement('li')
    const a = document.createElement('a')
    a.className = 'nhsuk-link'
    a.href = String(is.url || '').startsWith('/issues/') ? is.url : '/issues/' + Number(is.id)
    a.textContent = is.title
    const count = document.createElement('span')
    count.className = 'fm-issue-meta'
    count.textContent = ' · ' + String(is.supporters_text || '')
    li.append(a, count)
    list.append(li)
  }
  region.append(heading, hint, list)
}

similarWhileTyping()

// Live updates on an issue page: the page's column carries
// data-live-events (the issue's text/event-stream, GET /issues/{id}/events)
// and the texts this script shows (data-live-new-comments, data-live-show),
// all in the page's language. The support count changes in place; new
// comments appear where a refresh would show them (the server renders each
// one through the page's own comment partial, in the reader's language and
// view); a comment hidden or shown again by a moderator is replaced. A
// visually hidden polite live region says what changed, at most once every
// few seconds, so that a busy issue does not talk over the reader. When a
// comment cannot be placed (or events were missed) a link offers to show
// the new comments by reloading. Without this script a refresh shows the
// same.
const announceEvery = 5000 // ms between two announcements at most
const settle = 2000 // ms for comment events to catch up with the counts

function liveIssue () {
  const root = document.querySelector('[data-live-events]')
  if (!root || typeof EventSource !== 'function') return
  const url = root.dataset.liveEvents || ''
  if (!url.startsWith('/issues/')) return
  const texts = root.dataset
  const count = root.querySelector('[data-live-supports]')
  const status = root.querySelector('[data-live-status]')
  const list = root.querySelector('[data-live-comments]')

  // The live region: the latest support sentence and whether comments
  // came, said together, at most every announceEvery.
  let said = 0
  let sayTimer = 0
  let saySupports = ''
  let sayComments = false
  function say () {
    if (!status || sayTimer) return
    sayTimer = setTimeout(() => {
      sayTimer = 0
      said = Date.now()
      status.textContent = [saySupports, sayComments ? texts.liveNewComments || '' : ''].filter(Boolean).join(' ')
      saySupports = ''
      sayComments = false
    }, Math.max(0, said + announceEvery - Date.now()))
  }

  let notice = null
  function showNotice () {
    if (notice || !list) return
    notice = document.createElement('p')
    notice.className = 'nhsuk-body fm-live-notice'
    const a = document.createElement('a')
    a.className = 'nhsuk-link'
    a.href = location.pathname + '#comments'
    a.textContent = texts.liveShow || ''
    a.addEventListener('click', (e) => {
      e.preventDefault()
      location.hash = 'comments'
      location.reload()
    })
    notice.append(a)
    list.before(notice)
    sayComments = true
    say()
  }

  function visibleComments () {
    return list ? list.querySelectorAll('.fm-comment:not(.fm-comment--hidden)').length : 0
  }

  let checkTimer = 0
  function onCounts (d) {
    if (count && d.supports_text && count.textContent !== d.supports_text) {
      count.textContent = d.supports_text
      saySupports = d.supports_text
      say()
    }
    if (typeof d.comments === 'number') {
      clearTimeout(checkTimer)
      checkTimer = setTimeout(() => { if (visibleComments() < d.comments) showNotice() }, settle)
    }
  }

  // fromHTML parses a comment as the server rendered it with the page's
  // comment partial (html/template escapes what people wrote, and the CSP
  // runs no inline script).
  function fromHTML (html) {
    const t = document.createElement('template')
    t.innerHTML = html
    return t.content.firstElementChild
  }

  function onComment (d) {
    const el = d.html ? fromHTML(d.html) : null
    if (!list || !el || el.id !== 'comment-' + Number(d.id)) return showNotice()
    const old = document.getElementById(el.id)
    if (old) {
      // Hidden or shown again. Keep a reply being written: offer a reload.
      if ([...old.querySelectorAll('textarea')].some((ta) => ta.value.trim() !== '')) return showNotice()
      old.replaceWith(el)
      return
    }
    if (d.parent) {
      const parent = document.getElementById('comment-' + Number(d.parent))
      if (!parent) return showNotice()
      parent.insertBefore(el, parent.querySelector(':scope > details'))
    } else {
      const none = list.querySelector('[data-live-none]')
      if (none) none.remove()
      list.append(el)
    }
    sayComments = true
    say()
  }

  function parse (s) {
    try { return JSON.parse(s) || {} } catch (e) { return {} }
  }

  // EventSource reconnects by itself after a dropped connection, but not
  // after an HTTP error (503 when the server follows too many pages): then
  // try again later, waiting longer each time, at random within a range so
  // that pages do not all come back at once.
  let failures = 0
  function connect () {
    const source = new EventSource(url)
    source.addEventListener('open', () => { failures = 0 })
    source.addEventListener('counts', (e) => onCounts(parse(e.data)))
    source.addEventListener('comment', (e) => onComment(parse(e.data)))
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) return
      source.close()
      failures = Math.min(failures + 1, 6)
      setTimeout(connect, 1000 * 2 ** failures * (0.5 + Math.random()))
    })
  }
  connect()
}

liveIssue()

// A running selection (the organisers' selection page): the element with
// data-selection-events (its text/event-stream) shows each "progress"
// event's text in [data-selection-progress]; when the job ends the page
// reloads to show the outcome. Without JavaScript the page offers a
// refresh link.
function liveSelection () {
  const root = document.querySelector('[data-selection-events]')
  if (!root || typeof EventSource !== 'function') return
  const out = root.querySelector('[data-selection-progress]')
  const source = new EventSource(root.getAttribute('data-selection-events'))
  source.addEventListener('progress', (e) => {
    let m = {}
    try { m = JSON.parse(e.data) || {} } catch (err) { return }
    if (out && m.text) out.textContent = m.text
    if (m.done) {
      source.close()
      window.location.reload()
    }
  })
}

liveSelection()
