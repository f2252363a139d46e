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
