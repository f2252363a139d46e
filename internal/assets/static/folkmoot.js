// Folkmoot's only script: progressive enhancement for NHS.UK frontend
// components. Every page works without it. Loaded as a module from
// /static/folkmoot.js, so it runs only in browsers NHS.UK frontend supports;
// there is no inline script, so the Content-Security-Policy can stay
// default-src 'self'.
import { initAll } from './vendor/nhsuk-frontend/nhsuk-frontend.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()
