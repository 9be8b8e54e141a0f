// Runs before the page paints: tells the NHS.UK frontend CSS that JavaScript (and ES
// modules) are available, as the NHS.UK page template does with an inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');
