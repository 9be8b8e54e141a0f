// Browser test of the insight bank's web page, against a running server.
//
//   BASE_URL=http://127.0.0.1:8090 node tests/browser.mjs
//
// Drives headless Chromium (/usr/bin/chromium, or CHROMIUM_PATH) through a search,
// facet selections, reload, history, the document page, the "Check my plan" form
// (POST /api/overlap), the forward plan's filters, a document's "What changed because
// of this", a search whose count is suppressed ("<5"), the emerging themes page
// (/api/trends), the "Who has been heard" heat map (/api/coverage) and axe-core
// accessibility checks, and a partner contributing a report (upload, check, publish,
// find, withdraw), and the search, document, forward plan, emerging themes, who has been
// heard and check pages with JavaScript off (the check form POSTed to the server). Prints one line per check and "N passed, M failed"; exits 0 only when all
// pass. Never hangs: the whole run is bounded by TIMEOUT_MS (240 s by default).

import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const started = Date.now();
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS || 240_000);
const STEP_MS = 15_000;
const QUERY = 'discharge carers';

const results = { passed: 0, failed: 0 };
let browserContext = null;
/** The second browser, for the journey with JavaScript off. */
let noScriptBrowser = null;
let userDataDir = null;
let finished = false;

function log(line) {
  process.stdout.write(line + '\n');
}

/** Records one check. Returns whether it passed. */
function check(name, ok, detail = '') {
  if (finished) return ok; // the watchdog has already ended the run
  if (ok) {
    results.passed++;
    log(`ok   ${name}`);
  } else {
    results.failed++;
    log(`FAIL ${name}${detail ? `\n     ${detail}` : ''}`);
  }
  return ok;
}

/** A check whose failure stops the run, because later steps depend on it. */
function require_(name, ok, detail = '') {
  if (!check(name, ok, detail)) throw new Stop(`${name}${detail ? ': ' + detail : ''}`);
}

class Stop extends Error {}

async function finish(code, reason) {
  if (finished) return;
  finished = true;
  if (reason) log(reason);
  if (browserContext) {
    await Promise.race([browserContext.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  }
  if (noScriptBrowser) {
    await Promise.race([noScriptBrowser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  }
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`browser test took ${seconds} s`);
  log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(code);
}

const watchdog = setTimeout(() => {
  results.failed++;
  finish(1, `FAIL the browser test did not finish within ${TIMEOUT_MS / 1000} s`);
}, TIMEOUT_MS);

// ---------------------------------------------------------------------------------

const BASE = (process.env.BASE_URL || '').replace(/\/+$/, '');
if (!BASE) {
  log('BASE_URL is not set: start the server (insight serve --web web) and run with BASE_URL=http://127.0.0.1:PORT');
  results.failed++;
  await finish(1);
}
const ORIGIN = new URL(BASE).origin;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  log(`Chromium is not at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  results.failed++;
  await finish(1);
}
const AXE = require.resolve('axe-core/axe.min.js');

/** GETs an API URL (relative to BASE) and returns its JSON. */
async function api(page, pathAndQuery) {
  // with the key the page uses, so its answers are the ones the page shows
  const key = await page.evaluate(() => sessionStorage.getItem('insight-api-key')).catch(() => null);
  const headers = key ? { Authorization: `Bearer ${key}` } : {};
  const response = await page.request.get(BASE + pathAndQuery, { headers });
  if (!response.ok()) throw new Stop(`GET ${pathAndQuery} answered ${response.status()}: ${await response.text()}`);
  return response.json();
}

/** Runs `action` and waits for the search it triggers to be rendered. */
async function searchAfter(page, action) {
  const response = page.waitForResponse((r) => r.url().includes('/api/search?'), { timeout: STEP_MS });
  await action();
  await response;
  await page.waitForSelector('#results:not([aria-busy])', { timeout: STEP_MS });
  await page.waitForFunction(() => document.querySelector('#result-count')?.dataset.total !== undefined, null, { timeout: STEP_MS });
}

/**
 * Defines window.shownCount(node) in the page: the count a `.app-count` node shows, as
 * a number ("1,524" -> 1524) or as the suppressed string it shows ("<5", "[c]"), read
 * from the visible text (a suppressed count's words for screen readers are left out).
 */
async function defineShownCount(page) {
  await page.evaluate(() => {
    window.shownCount = (node) => {
      if (!node) return null;
      const count = node.classList.contains('app-count') ? node : node.querySelector('.app-count');
      if (!count) return null;
      const visible = count.querySelector('[aria-hidden="true"]');
      const text = (visible ? visible.textContent : [...count.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('')).trim();
      return /^[\d,]+$/.test(text) ? Number(text.replace(/,/g, '')) : text;
    };
    window.rawCount = (text) => (/^\d+$/.test(String(text)) ? Number(text) : text);
  });
}

/** The state the page shows: total, hits, facet counts and selections. */
async function readPage(page) {
  await defineShownCount(page);
  return page.evaluate(() => {
    const facets = {};
    for (const input of document.querySelectorAll('#facets input.nhsuk-checkboxes__input')) {
      const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
      (facets[input.name] ||= []).push({
        value: input.value,
        count: window.shownCount(label?.querySelector('.app-facet__count')),
        checked: input.checked,
      });
    }
    return {
      total: window.rawCount(document.querySelector('#result-count').dataset.total),
      countText: document.querySelector('#result-count').textContent.trim(),
      hits: [...document.querySelectorAll('#results .app-result')].map((li) => ({
        passageId: li.dataset.passageId,
        docId: li.dataset.docId,
        href: li.querySelector('a.app-result__link')?.getAttribute('href'),
        title: li.querySelector('a.app-result__link')?.textContent.trim(),
      })),
      facets,
      search: location.search,
      q: document.querySelector('#q').value,
      chips: [...document.querySelectorAll('#active-filters button.app-chip')].map((b) => b.textContent.replace(/\s+/g, ' ').trim()),
      focused: document.activeElement ? { id: document.activeElement.id, value: document.activeElement.value } : null,
    };
  });
}

/** The /api/search answer for the page's current URL state. */
async function apiFor(page, search) {
  const params = new URLSearchParams(search);
  // the date inputs' parts, which a form sent without JavaScript adds (empty here), are
  // the page's; the API takes from and to
  for (const name of [...params.keys()]) if (/^(from|to)-(day|month|year)$/.test(name)) params.delete(name);
  params.set('per_page', '20');
  return api(page, '/api/search?' + params);
}

/** Compares every facet count shown with the API's; returns a description of differences. */
function facetDifferences(shown, expected) {
  const problems = [];
  let compared = 0;
  for (const [facet, values] of Object.entries(shown)) {
    const counts = new Map((expected.facets[facet] || []).map((v) => [v.value, v.count]));
    for (const v of values) {
      compared++;
      const want = counts.get(v.value) ?? 0;
      if (v.count !== want) problems.push(`${facet} ${v.value}: shows ${v.count}, API says ${want}`);
    }
  }
  if (compared === 0) problems.push('no facet values shown');
  return problems.join('; ');
}

/** Whether a hit carries a tag of `facet` at or beneath one of `values`. */
function hitHas(hit, facet, values) {
  return hit.tags.some((t) => t.facet === facet && values.some((v) => t.value === v || t.value.startsWith(v + '/')));
}

/** Checks that the page agrees with the API for its own URL, and that hits obey the filters. */
async function checkAgainstApi(page, label, filters = {}) {
  const shown = await readPage(page);
  const expected = await apiFor(page, shown.search);
  check(`${label}: count shown (${shown.total}) is the API's total (${expected.total})`, shown.total === expected.total);
  const ids = shown.hits.map((h) => h.passageId).join(',');
  check(`${label}: the ${shown.hits.length} hits shown are the API's first page`, ids === expected.hits.map((h) => h.passage_id).join(','));
  const stray = expected.hits.filter((hit) => !Object.entries(filters).every(([facet, values]) => hitHas(hit, facet, values)));
  if (Object.keys(filters).length) {
    check(`${label}: every hit carries the selected filters`, stray.length === 0 && expected.hits.length > 0,
      stray.length ? `e.g. ${stray[0].passage_id} tags ${JSON.stringify(stray[0].tags.map((t) => t.value))}` : 'no hits');
  }
  const diff = facetDifferences(shown.facets, expected);
  check(`${label}: facet counts shown match a fresh /api/search`, diff === '', diff);
  return { shown, expected };
}

function facetCheckbox(page, legend, label) {
  return page
    .locator('#facets fieldset', { has: page.locator('legend', { hasText: new RegExp(`^${legend}\\b`) }) })
    .getByRole('checkbox', { name: new RegExp(`^${label}\\b`) })
    .first();
}

async function axeCheck(page, label) {
  await page.addScriptTag({ path: AXE });
  const report = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] }),
  );
  const serious = report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of report.violations) {
    log(`     axe ${v.impact}: ${v.id}: ${v.help} (${v.nodes.length} elements, e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
  }
  check(`${label}: axe-core finds no serious or critical WCAG 2 A/AA violations`, serious.length === 0,
    serious.map((v) => `${v.id} (${v.impact})`).join(', '));
}

/** POSTs JSON to an API URL (relative to BASE) and returns its JSON. */
async function apiPost(page, path, body) {
  const response = await page.request.post(BASE + path, { data: body, headers: { 'Content-Type': 'application/json' } });
  if (!response.ok()) throw new Stop(`POST ${path} answered ${response.status()}: ${await response.text()}`);
  return response.json();
}

/** The header navigation: its links and which one is marked as the current page. */
function readNav(page) {
  return page.evaluate(() => {
    const links = [...document.querySelectorAll('header .nhsuk-header__navigation-list a.nhsuk-header__navigation-link')];
    return {
      links: links.map((a) => `${a.textContent.trim()} ${a.getAttribute('href')}`),
      current: links.filter((a) => a.getAttribute('aria-current') === 'page').map((a) => a.textContent.trim()),
    };
  });
}

const NAV = 'Search /|Forward plan /plan.html|Check my plan /check.html|Emerging themes /insights.html|Who has been heard /coverage.html|Contribute /contribute.html';

async function checkNav(page, label, current) {
  const nav = await readNav(page);
  check(`${label}: the header links to Search, Forward plan, Check my plan, Emerging themes, Who has been heard and Contribute, marking "${current || 'none'}" as the current page`,
    nav.links.join('|') === NAV && nav.current.join('|') === (current || ''),
    JSON.stringify(nav));
}

const PLAN_KIND = 'forward plan activity';

/** Runs `action` and waits for the forward plan page to render the list it triggers. */
async function planAfter(page, action) {
  const response = page.waitForResponse((r) => r.url().includes('/api/search?') && r.url().includes('kind=forward'), { timeout: STEP_MS });
  await action();
  await response;
  await page.waitForFunction(() => !document.querySelector('#results[aria-busy]')
    && document.querySelector('#result-count')?.dataset.total !== undefined, null, { timeout: STEP_MS });
}

/** What the forward plan page shows. */
async function readPlan(page) {
  await defineShownCount(page);
  return page.evaluate(() => {
    const facets = {};
    for (const input of document.querySelectorAll('#facets input.nhsuk-checkboxes__input')) {
      const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
      (facets[input.name] ||= []).push({ value: input.value, count: window.shownCount(label?.querySelector('.app-facet__count')), checked: input.checked });
    }
    return {
      total: window.rawCount(document.querySelector('#result-count').dataset.total),
      countText: document.querySelector('#result-count').textContent.trim(),
      activities: [...document.querySelectorAll('#results .app-activity')].map((li) => ({
        passageId: li.dataset.passageId,
        docId: li.dataset.docId,
        status: li.dataset.status,
        statusTag: li.querySelector('.app-status')?.textContent.replace(/\s+/g, ' ').trim(),
        href: li.querySelector('a.app-result__link')?.getAttribute('href'),
        title: li.querySelector('a.app-result__link')?.textContent.trim(),
        description: li.querySelector('.app-activity__description')?.textContent.trim() || '',
        hasTags: Boolean(li.querySelector('.app-tags')),
      })),
      facets,
      search: location.search,
      month: document.querySelector('#month').value,
      checkHref: document.querySelector('#check-link').getAttribute('href'),
    };
  });
}

/** The /api/search parameters the forward plan page's URL stands for. */
function planApiParams(search) {
  const page = new URLSearchParams(search);
  const params = new URLSearchParams({ kind: PLAN_KIND });
  for (const facet of ['status', 'place', 'community']) for (const v of page.getAll(facet)) params.append(facet, v);
  const month = page.get('month');
  if (month) {
    const [y, m] = month.split('-').map(Number);
    params.set('from', `${month}-01`);
    params.set('to', `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`);
  }
  params.set('sort', 'oldest');
  params.set('per_page', '100');
  return params;
}

/** Checks the forward plan page against a fresh /api/search for its URL. */
async function checkPlanAgainstApi(page, label, filters = {}) {
  const shown = await readPlan(page);
  const expected = await api(page, '/api/search?' + planApiParams(shown.search));
  check(`${label}: count shown (${shown.total}) is the API's total (${expected.total})`, shown.total === expected.total && shown.total > 0);
  check(`${label}: the ${shown.activities.length} activities shown are the API's, oldest first`,
    shown.activities.map((a) => a.passageId).join() === expected.hits.map((h) => h.passage_id).join());
  if (Object.keys(filters).length) {
    const stray = expected.hits.filter((hit) => !Object.entries(filters).every(([facet, values]) =>
      facet === 'status' ? values.includes(hit.status) : hitHas(hit, facet, values)));
    const strayShown = shown.activities.filter((a) => filters.status && !filters.status.includes(a.status));
    check(`${label}: every activity listed carries the selected filters`, stray.length === 0 && strayShown.length === 0,
      stray.length ? `e.g. ${stray[0].passage_id} status ${stray[0].status} tags ${JSON.stringify(stray[0].tags.map((t) => t.value))}` : JSON.stringify(strayShown[0]));
  }
  const diff = facetDifferences(shown.facets, expected);
  check(`${label}: filter counts shown match a fresh /api/search`, diff === '', diff);
  return { shown, expected };
}

/** The "Check my plan" results as shown. */
function readCheck(page) {
  return page.evaluate(() => {
    const cards = (list) => [...document.querySelectorAll(`#${list}-list .app-match`)].map((li) => ({
      passageId: li.dataset.passageId,
      docId: li.dataset.docId,
      band: li.dataset.band,
      bandText: li.querySelector('.app-band')?.textContent.trim(),
      score: li.querySelector('.app-match__score strong')?.textContent.trim(),
      href: li.querySelector('a.app-result__link')?.getAttribute('href'),
      factors: [...li.querySelectorAll('table.app-reasons tbody tr')].map((tr) => tr.dataset.factor),
      headers: [...li.querySelectorAll('table.app-reasons thead th')].map((th) => th.textContent.trim()),
      caption: li.querySelector('table.app-reasons caption')?.textContent.trim(),
    }));
    const understood = {};
    for (const row of document.querySelectorAll('#understood .nhsuk-summary-list__row')) {
      const found = row.querySelector('.app-found__label');
      const tags = [...row.querySelectorAll('.app-tag')].map((t) => ({
        text: t.textContent.replace(/\s+/g, ' ').trim(),
        inferred: t.classList.contains('app-tag--inferred'),
        afterFoundLabel: Boolean(found && (found.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)),
      }));
      understood[row.dataset.facet] = { tags, foundLabel: found ? found.textContent.trim() : null };
    }
    return {
      activities: cards('activities'),
      insight: cards('insight'),
      understood,
      summary: document.querySelector('#results-summary')?.textContent.trim(),
      visible: !document.querySelector('#check-results').hidden,
      focused: document.activeElement?.id,
    };
  });
}

// ---------------------------------------------------------------------------------

/**
 * The search, document and forward plan pages with JavaScript off, in a context of their
 * own: "a commissioner with JavaScript disabled finds what carers in Leeds said about
 * hospital discharge in three clicks" (search, apply filters, open a document), then the
 * forward plan filtered by status and month, everything rendered by the server from
 * the URL.
 */
/**
 * axe-core on a page as it is without JavaScript. axe is itself a script, and it never
 * finishes where JavaScript is off, so the page is opened again where every script the
 * server sends is refused and only axe runs.
 */
async function axeWithoutScripts(url, label, act = null) {
  const context = await noScriptBrowser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(STEP_MS);
  await context.route((address) => address.pathname.endsWith('.js'), (route) => route.abort());
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  // a page reached by sending a form: sent here the same way, without scripts
  if (act) await act(page);
  check(`${label}: the page has no script running`, !(await page.evaluate(() => document.body.classList.contains('js-enabled'))));
  await axeCheck(page, label);
  await context.close();
}

async function noScriptJourney(offsite) {
  noScriptBrowser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    timeout: STEP_MS,
  });
  const context = await noScriptBrowser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && new URL(url).origin !== ORIGIN) offsite.push(url);
  });
  await page.goto(BASE + '/', { waitUntil: 'load' });
  const landing = await page.evaluate(() => ({
    text: document.body.textContent,
    total: document.querySelector('#result-count')?.dataset.total,
    hits: document.querySelectorAll('#results .app-result').length,
    jsEnabled: document.body.classList.contains('js-enabled'),
  }));
  require_('without JavaScript: the search page lists passages, with no "needs JavaScript" message',
    !landing.jsEnabled && !/needs JavaScript/.test(landing.text) && Number(landing.total) > 0 && landing.hits > 0, JSON.stringify({ ...landing, text: undefined }));
  await checkNav(page, 'without JavaScript: search page', 'Search');

  // click 1: search
  await page.fill('#q', 'discharge');
  await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === 'discharge'), page.getByRole('button', { name: 'Search', exact: true }).click()]);
  const searched = await page.evaluate(() => document.querySelector('#result-count').textContent.trim());
  check('without JavaScript: the search for discharge is rendered by the server', /match(es)? for ‘discharge’/.test(searched), searched);

  // two ticks, then click 2: apply the filters
  const leeds = facetCheckbox(page, 'Place', 'Leeds');
  const carers = facetCheckbox(page, 'Community of interest', 'Carers');
  require_('without JavaScript: the facets offer Leeds and Carers as checkboxes in the form', (await leeds.count()) === 1 && (await carers.count()) === 1);
  await leeds.check();
  await carers.check();
  await Promise.all([page.waitForURL((url) => url.searchParams.has('community')), page.getByRole('button', { name: 'Apply filters' }).click()]);
  const shown = await readPage(page);
  const params = new URLSearchParams(shown.search);
  check('without JavaScript: the URL holds the query and both filters',
    params.get('q') === 'discharge' && params.getAll('place').join('|') === 'West Yorkshire/Leeds' && params.getAll('community').join('|') === 'Carers', shown.search);
  const expected = await apiFor(page, shown.search);
  check(`without JavaScript: the count shown (${shown.total}) is the API's total (${expected.total}), and there are results`,
    shown.total === expected.total && expected.total > 0);
  check(`without JavaScript: the ${shown.hits.length} hits shown are the API's first page`,
    shown.hits.map((h) => h.passageId).join(',') === expected.hits.map((h) => h.passage_id).join(','));
  check('without JavaScript: every hit is about carers in Leeds',
    expected.hits.every((hit) => hitHas(hit, 'place', ['West Yorkshire/Leeds']) && hitHas(hit, 'community', ['Carers'])));
  check('without JavaScript: the checked boxes stay checked',
    (shown.facets.place || []).some((v) => v.value === 'West Yorkshire/Leeds' && v.checked) && (shown.facets.community || []).some((v) => v.value === 'Carers' && v.checked));
  const chips = await page.evaluate(() => [...document.querySelectorAll('#active-filters a.app-chip')].map((a) => [a.textContent.replace(/\s+/g, ' ').trim(), a.getAttribute('href')]));
  check('without JavaScript: each selected filter is a chip linking to the search without it',
    chips.length === 2 && chips.some(([text, href]) => text === 'Remove filter: Place Leeds' && !new URLSearchParams(href.split('?')[1]).has('place') && new URLSearchParams(href.split('?')[1]).get('community') === 'Carers'),
    JSON.stringify(chips));
  await axeWithoutScripts(page.url(), 'search page without JavaScript');

  // click 3: open the first result's document
  const first = shown.hits[0];
  await Promise.all([page.waitForURL((url) => url.pathname === '/document.html'), page.locator('#results a.app-result__link').first().click()]);
  const doc = await page.evaluate((passageId) => ({
    title: document.querySelector('#document-title')?.textContent.trim(),
    passages: document.querySelectorAll('.app-passage').length,
    target: Boolean(document.getElementById(passageId)),
    meta: document.querySelectorAll('.app-document-meta .nhsuk-summary-list__row').length,
  }), first.passageId);
  check(`without JavaScript: the document page shows "${first.title}" with its metadata and passages, the passage found among them`,
    doc.title === first.title && doc.passages > 0 && doc.target && doc.meta >= 3, JSON.stringify(doc));
  await axeWithoutScripts(page.url(), 'document page without JavaScript');

  // bad input: the page says what is wrong
  await page.goto(BASE + '/?q=discharge&place=Atlantis', { waitUntil: 'load' });
  const problem = await page.evaluate(() => document.querySelector('.nhsuk-error-summary__list')?.textContent.trim() || '');
  check('without JavaScript: an unknown place is named in an error summary', /Atlantis/.test(problem), problem);

  // a date range typed into the NHS.UK date inputs: a year alone is the whole year
  await page.goto(BASE + '/?q=discharge', { waitUntil: 'load' });
  await fillDate(page, 'from', '', '', '2023');
  await fillDate(page, 'to', '30', '6', '2025');
  await Promise.all([page.waitForURL((url) => url.searchParams.has('from-year')), page.getByRole('button', { name: 'Search', exact: true }).click()]);
  const dated = await readPage(page);
  const datedExpected = await apiFor(page, '?q=discharge&from=2023-01-01&to=2025-06-30');
  const dateChips = await page.evaluate(() => [...document.querySelectorAll('#active-filters a.app-chip')].map((a) => [a.textContent.replace(/\s+/g, ' ').trim(), a.getAttribute('href')]));
  const fromParts = await page.evaluate(() => ['day', 'month', 'year'].map((part) => document.getElementById(`from-${part}`).value).join('|'));
  check(`without JavaScript: a year typed as the start and a day, month and year as the end search from 1 January 2023 to 30 June 2025 (${datedExpected.total} passages, as the API counts them)`,
    dated.total === datedExpected.total && fromParts === '||2023'
      && dateChips.some(([text, href]) => text === 'Remove filter: From 1 January 2023' && new URLSearchParams(href.split('?')[1]).get('to') === '2025-06-30' && !href.includes('-year'))
      && dateChips.some(([text]) => text === 'Remove filter: To 30 June 2025'),
    JSON.stringify({ total: dated.total, expected: datedExpected.total, fromParts, dateChips }));
  await fillDate(page, 'from', '15', '', '2023');
  await Promise.all([page.waitForURL((url) => url.searchParams.get('from-day') === '15'), page.getByRole('button', { name: 'Search', exact: true }).click()]);
  const dateMistake = await page.evaluate(() => ({
    summary: [...document.querySelectorAll('.nhsuk-error-summary li a')].map((a) => [a.textContent.trim(), a.getAttribute('href')]),
    field: document.querySelector('#from-group.nhsuk-form-group--error #from-error')?.textContent.trim(),
    marked: [...document.querySelectorAll('#from .nhsuk-input--error')].map((input) => input.id),
  }));
  check('without JavaScript: a day without its month is named "Date from must include a month", linking to the month, which alone is marked',
    JSON.stringify(dateMistake.summary) === JSON.stringify([['Date from must include a month', '#from-month']])
      && /Date from must include a month/.test(dateMistake.field || '') && dateMistake.marked.join() === 'from-month',
    JSON.stringify(dateMistake));
  await axeWithoutScripts(page.url(), 'search page with a date mistake without JavaScript');

  // the forward plan: listed by the server, then a status and a month with "Apply filters"
  await page.goto(BASE + '/plan', { waitUntil: 'load' });
  await checkNav(page, 'without JavaScript: forward plan page', 'Forward plan');
  const plan0 = await checkPlanAgainstApi(page, 'without JavaScript: forward plan');
  check(`without JavaScript: the forward plan lists ${plan0.shown.activities.length} activities, each with a status, a title linking to it and tags`,
    !/needs JavaScript/.test(await page.textContent('main')) && plan0.shown.activities.length === Math.min(100, plan0.expected.total)
      && plan0.shown.activities.every((a) => a.statusTag && a.hasTags && a.title && a.href === `/document.html?id=${a.docId}#${a.passageId}`),
    JSON.stringify(plan0.shown.activities.find((a) => !a.statusTag || !a.hasTags || !a.title)));
  const plannedBox = facetCheckbox(page, 'Status', 'Planned');
  require_('without JavaScript: the forward plan offers Planned as a checkbox in the form', (await plannedBox.count()) === 1);
  await plannedBox.check();
  const planMonth = (plan0.expected.hits.find((h) => h.status === 'planned' && h.date)?.date.from || '').slice(0, 7);
  if (planMonth) await page.selectOption('#month', planMonth);
  await Promise.all([page.waitForURL((url) => url.searchParams.has('status')), page.getByRole('button', { name: 'Apply filters' }).click()]);
  const plan1 = await checkPlanAgainstApi(page, 'without JavaScript: forward plan, planned' + (planMonth ? ` in ${planMonth}` : ''), { status: ['planned'] });
  check('without JavaScript: the forward plan\'s URL holds the filters, the box stays ticked and the month chosen',
    new URLSearchParams(plan1.shown.search).getAll('status').join() === 'planned' && plan1.shown.month === planMonth
      && (plan1.shown.facets.status || []).some((v) => v.value === 'planned' && v.checked), plan1.shown.search);
  await axeWithoutScripts(page.url(), 'forward plan page without JavaScript');

  await noScriptAnalysis(page);
  await noScriptCheck(page);
  await context.close();
}

/** The plan checked on the check page, with JavaScript and without. */
const CHECK_PROPOSAL = {
  title: 'Survey of young people about mental health support',
  description: 'We plan to ask young people in Bradford about their mental health support: where they go for help, how long they wait and what would help.',
};

/** Types a date into the NHS.UK date input `name` (its day, month and year fields). */
async function fillDate(page, name, day, month, year) {
  await page.locator(`#${name}-day`).fill(day);
  await page.locator(`#${name}-month`).fill(month);
  await page.locator(`#${name}-year`).fill(year);
}

/** Fills the check form with a title and an end date before the start date. */
async function fillEndBeforeStart(page) {
  await page.getByLabel('Title', { exact: true }).fill(CHECK_PROPOSAL.title);
  await fillDate(page, 'start', '31', '5', '2027');
  await fillDate(page, 'end', '1', '3', '2027');
}

/** Sends the check form as the browser does without JavaScript (a POST to /check). */
async function postCheck(page) {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/check' && r.request().method() === 'POST', { timeout: STEP_MS });
  await page.getByRole('button', { name: 'Check for overlaps' }).click();
  const response = await answered;
  await page.waitForLoadState('load');
  return response.status();
}

/**
 * Emerging themes and who has been heard with JavaScript off: the tables rendered by the
 * server, each filter applied with "Apply filters", checked against the API.
 */
/** The negative-share table as the page shows it: its theme columns and each period's cells. */
function readSentiment() {
  return {
    themes: [...document.querySelectorAll('#sentiment-table thead th[data-theme]')].map((th) => th.dataset.theme),
    rows: [...document.querySelectorAll('#sentiment-table tbody tr')].map((tr) => ({
      period: tr.dataset.period,
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
    })),
    none: Boolean(document.querySelector('#no-sentiment')),
  };
}

/** Checks the negative comments over time against the API's shares ("–" where too few were judged). */
function checkSentiment(label, shown, trends, drawn) {
  const expectedCell = (theme, period) => {
    const series = trends.themes.find((t) => t.theme === theme);
    const i = trends.periods.indexOf(period);
    const share = series && i !== -1 ? series.negative_share[i] : null;
    return share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)}% of ${series.judged[i].toLocaleString('en-GB')}`;
  };
  const judged = drawn.some((theme) => (trends.themes.find((t) => t.theme === theme)?.judged || []).some((j) => j > 0));
  check(`${label}: negative comments over time are the API's shares for the ${drawn.length} themes drawn, "–" where too few were judged`,
    judged
      ? shown.themes.join('|') === drawn.join('|') && shown.rows.length >= trends.periods.length
        && shown.rows.every((r) => r.cells.every((c, t) => c === expectedCell(shown.themes[t], r.period)))
        && shown.rows.some((r) => r.cells.some((c) => c !== '–'))
      : shown.none,
    JSON.stringify({ themes: shown.themes, rows: shown.rows.slice(-2) }));
}

async function noScriptAnalysis(page) {
  await page.goto(BASE + '/insights', { waitUntil: 'load' });
  await checkNav(page, 'without JavaScript: emerging themes page', 'Emerging themes');
  await page.selectOption('#place', 'West Yorkshire/Leeds');
  await page.selectOption('#interval', 'year');
  await Promise.all([page.waitForURL((url) => url.searchParams.get('interval') === 'year'), page.getByRole('button', { name: 'Apply filters' }).click()]);
  await defineShownCount(page);
  const insights = await page.evaluate(() => ({
    search: location.search,
    text: document.querySelector('main').textContent,
    place: document.querySelector('#place').value,
    emerging: [...document.querySelectorAll('#emerging-table tbody tr')].map((tr) => tr.dataset.theme),
    noEmerging: Boolean(document.querySelector('#no-emerging')),
    heldBack: [...document.querySelectorAll('#held-back a')].map((a) => a.textContent.trim()),
    topics: [...document.querySelectorAll('#topics-list li')].map((li) => li.dataset.word),
    noTopics: Boolean(document.querySelector('#no-topics')),
    rows: Object.fromEntries([...document.querySelectorAll('#trend-table tbody tr')].map((tr) => [tr.dataset.period, window.shownCount(tr.querySelector('td'))])),
    drawn: [...document.querySelectorAll('#theme-choices input:checked')].map((i) => i.value),
    columns: [...document.querySelectorAll('#trend-table thead th[data-theme]')].map((th) => th.dataset.theme),
  }));
  const trendQuery = new URLSearchParams({ place: 'West Yorkshire/Leeds', interval: 'year' });
  const trends = await api(page, '/api/trends?' + trendQuery);
  const topics = await api(page, '/api/topics?' + trendQuery);
  check('without JavaScript: emerging themes keeps the place and the interval in the URL and the form, with no "needs JavaScript" message',
    new URLSearchParams(insights.search).get('place') === 'West Yorkshire/Leeds' && insights.place === 'West Yorkshire/Leeds' && !/needs JavaScript/.test(insights.text),
    insights.search);
  check(`without JavaScript: the rising themes (${trends.emerging.length}), those held back (${trends.held_back.length}) and the new topics (${topics.topics.length}) are the API's`,
    insights.emerging.join('|') === trends.emerging.map((e) => e.theme).join('|') && (trends.emerging.length > 0 || insights.noEmerging)
      && insights.heldBack.length === trends.held_back.length
      && insights.topics.join('|') === topics.topics.map((t) => t.word).join('|') && (topics.topics.length > 0 || insights.noTopics),
    JSON.stringify({ emerging: insights.emerging, heldBack: insights.heldBack, topics: insights.topics }));
  check(`without JavaScript: the passages over time are a table with the API's total for each of its ${trends.periods.length} years, and the themes ticked as columns`,
    trends.periods.length > 0 && trends.periods.every((p, i) => insights.rows[p] === trends.totals[i])
      && insights.drawn.length > 0 && insights.drawn.join('|') === insights.columns.join('|'),
    JSON.stringify(insights.rows));
  checkSentiment('without JavaScript', await page.evaluate(readSentiment), trends, insights.drawn);
  await axeWithoutScripts(page.url(), 'emerging themes page without JavaScript');

  await page.goto(BASE + '/coverage', { waitUntil: 'load' });
  await checkNav(page, 'without JavaScript: who has been heard page', 'Who has been heard');
  await page.locator('#by-segment').check();
  await page.selectOption('#theme', 'Discharge');
  await Promise.all([page.waitForURL((url) => url.searchParams.get('by') === 'segment'), page.getByRole('button', { name: 'Apply filters' }).click()]);
  const coverage = await api(page, '/api/coverage?' + new URLSearchParams({ theme: 'Discharge', by: 'segment' }));
  const shownCells = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('table.app-coverage tbody tr')].map((tr) => [tr.dataset.community,
    [...tr.querySelectorAll('td.app-heat')].map((td) => [td.dataset.column, td.dataset.passages, td.dataset.sources, td.dataset.gap].join('|'))])));
  const problems = coverage.rows.filter((row) => (shownCells[row.community] || []).join(';')
    !== row.cells.map((c) => [c.column, c.passages, c.sources, c.gap].join('|')).join(';'));
  check(`without JavaScript: who has been heard by segment for Discharge shows every cell of the API's ${coverage.rows.length} rows, suppressed as the API suppresses them`,
    coverage.rows.length > 0 && problems.length === 0 && Object.keys(shownCells).length === coverage.rows.length,
    problems.slice(0, 2).map((r) => r.community).join(', '));
  const segmentHidden = await page.locator('#segment-group').isHidden();
  check('without JavaScript: by segment the segment list is not offered, and the theme stays chosen',
    segmentHidden && (await page.locator('#theme').inputValue()) === 'Discharge');
  await axeWithoutScripts(page.url(), 'who has been heard page without JavaScript');
}

/** Check my plan with JavaScript off: the form POSTed to the server, a mistake, then results. */
async function noScriptCheck(page) {
  await page.goto(BASE + '/check', { waitUntil: 'load' });
  await checkNav(page, 'without JavaScript: check page', 'Check my plan');
  await axeWithoutScripts(page.url(), 'check page without JavaScript');
  const proposal = CHECK_PROPOSAL;
  // a mistake: the end before the start
  await fillEndBeforeStart(page);
  const refused = await postCheck(page);
  const mistake = await page.evaluate(() => ({
    summary: [...document.querySelectorAll('.nhsuk-error-summary li a')].map((a) => [a.textContent.trim(), a.getAttribute('href')]),
    field: document.querySelector('#end-group.nhsuk-form-group--error #end-error')?.textContent.trim(),
    title: document.querySelector('#title').value,
  }));
  check('without JavaScript: an end date before the start date comes back (400) in an error summary linking to the end date\'s day, beside the end date, the title kept',
    refused === 400 && mistake.summary.length === 1 && mistake.summary[0][1] === '#end-day'
      && /End date must be the same as or after the start date/.test(mistake.field || '') && mistake.title === proposal.title,
    JSON.stringify({ refused, ...mistake }));
  await axeWithoutScripts(BASE + '/check', 'check page with a mistake without JavaScript', async (other) => {
    await fillEndBeforeStart(other);
    await postCheck(other);
  });
  // then sent right
  const fillRight = async (target) => {
    await target.getByLabel('Title', { exact: true }).fill(proposal.title);
    await target.getByLabel('Description', { exact: true }).fill(proposal.description);
    await target.locator('#place-choices').getByLabel(/^Bradford District and Craven\b/).check();
    await fillDate(target, 'start', '1', '3', '2027');
    // a month and year alone: the end of that month
    await fillDate(target, 'end', '', '5', '2027');
  };
  await fillRight(page);
  const answered = await postCheck(page);
  const overlap = await apiPost(page, '/api/overlap', {
    ...proposal, places: ['West Yorkshire/Bradford District and Craven'], segments: [], audiences: [], themes: [], start: '2027-03-01', end: '2027-05-31',
  });
  const checked = await readCheck(page);
  check(`without JavaScript: the check lists the API's ${overlap.activities.length} activities and ${overlap.insight.length} pieces of insight, in order, each with its reasons`,
    answered === 200 && checked.visible && overlap.activities.length + overlap.insight.length > 0
      && checked.activities.map((c) => c.passageId).join() === overlap.activities.map((m) => m.passage_id).join()
      && checked.insight.map((c) => c.passageId).join() === overlap.insight.map((m) => m.passage_id).join()
      && [...checked.activities, ...checked.insight].every((c) => c.factors.join() === 'place,audience,themes,dates,text' && c.href === `/document.html?id=${c.docId}#${c.passageId}`),
    JSON.stringify({ answered, first: checked.activities[0] }));
  check('without JavaScript: "What we understood" shows the place chosen and the summary says what overlaps',
    (checked.understood.place?.tags || []).some((t) => /Bradford District and Craven/.test(t.text) && !t.inferred) && /overlap your plan/.test(checked.summary || ''),
    JSON.stringify(checked.understood.place));
  await axeWithoutScripts(BASE + '/check', 'check page with results without JavaScript', async (other) => {
    await fillRight(other);
    await postCheck(other);
  });
}

async function main() {
  let health = null;
  try {
    const response = await fetch(BASE + '/api/health', { signal: AbortSignal.timeout(5000) });
    health = response.ok ? await response.json() : null;
  } catch (error) {
    health = null;
  }
  require_(`the server at ${BASE} answers /api/health`, Boolean(health && health.status === 'ok'),
    'is `insight serve --web web` running there?');
  check(`the index holds passages (${health.passages})`, health.passages > 0);

  userDataDir = mkdtempSync(path.join(tmpdir(), 'insight-browser-'));
  browserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timeout: STEP_MS,
  });
  browserContext.setDefaultTimeout(STEP_MS);
  const page = browserContext.pages()[0] || (await browserContext.newPage());

  const offsite = [];
  const pageErrors = [];
  let wrongKeyTried = false;
  let refusedQuery = null;
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== ORIGIN) offsite.push(url);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // the API error the test itself answers for POST /api/overlap (step 12)
    if (/^Failed to load resource/.test(message.text()) && (message.location().url || '').endsWith('/api/overlap')) return;
    // an API that refuses to filter a search on an equality group (step 15) answers 400
    // to the search and the timeline of that one query, and so does the page rendered for it
    if (refusedQuery && /^Failed to load resource/.test(message.text())
      && /\/(api\/(search|timeline))?\?/.test(message.location().url || '') && (message.location().url || '').includes(refusedQuery)) return;
    // a wrong API key, typed on purpose in step 18, answers 401 to the health check
    if (wrongKeyTried && /^Failed to load resource/.test(message.text()) && (message.location().url || '').endsWith('/api/health')) return;
    pageErrors.push(`${message.text()} (${message.location().url || 'the page'})`);
  });

  // First, with JavaScript off (a browser of its own), so no page of this one is open meanwhile.
  await noScriptJourney(offsite);

  // 1. The search page.
  const home = await page.goto(BASE + '/', { waitUntil: 'domcontentloaded' });
  require_('the search page loads', home && home.ok(), home ? `status ${home.status()}` : 'no response');
  check('the page is in British English (lang="en-GB")', (await page.getAttribute('html', 'lang')) === 'en-GB');
  check('the NHS.UK header names the service "Insight bank"',
    (await page.locator('header.nhsuk-header .nhsuk-header__service-name').textContent()).trim() === 'Insight bank');
  check('a skip link leads to the main content', (await page.locator('a.nhsuk-skip-link').getAttribute('href')) === '#maincontent'
    && (await page.locator('main#maincontent').count()) === 1);

  // 2. Search.
  const box = page.getByLabel('Search what people told us');
  await box.fill(QUERY);
  await searchAfter(page, () => page.getByRole('button', { name: 'Search', exact: true }).click());
  const first = await readPage(page);
  const t0 = first.total;
  require_(`searching "${QUERY}" finds passages (${t0})`, t0 > 0);
  check('the URL carries the query', new URLSearchParams(first.search).get('q') === QUERY, first.search);
  check(`the count reads "${first.countText}"`, /^[\d,]+ passages? match/.test(first.countText));
  check('the result count is announced (aria-live="polite")',
    (await page.locator('[aria-live="polite"]:has(#result-count)').count()) === 1);
  check('results link to /document.html?id=DOC_ID#PASSAGE_ID',
    first.hits.length > 0 && first.hits.every((h) => h.href === `/document.html?id=${h.docId}#${h.passageId}`),
    first.hits[0] && first.hits[0].href);
  await checkAgainstApi(page, 'search');
  const timeline = await api(page, '/api/timeline?' + new URLSearchParams({ q: QUERY }));
  await page.waitForSelector('#chart:not([hidden]) svg', { timeout: STEP_MS });
  const chartRows = await page.locator('#chart-table tbody tr').count();
  check(`the chart has a text alternative: a table with one row per period (${timeline.periods.length})`,
    chartRows === timeline.periods.length && chartRows > 0, `${chartRows} rows`);
  check('the chart has a legend', (await page.locator('#chart .app-legend li').count()) >= 2);

  // 3. One place, by mouse.
  const leeds = facetCheckbox(page, 'Place', 'Leeds');
  require_('the place facet offers Leeds', (await leeds.count()) === 1);
  await searchAfter(page, () => leeds.check());
  const one = await checkAgainstApi(page, 'place Leeds', { place: ['West Yorkshire/Leeds'] });
  const t1 = one.shown.total;
  check(`one place gives no more than the search alone (${t1} <= ${t0})`, t1 <= t0 && t1 > 0);
  check('focus stays on the Leeds checkbox', one.shown.focused && one.shown.focused.value === 'West Yorkshire/Leeds',
    JSON.stringify(one.shown.focused));

  // 4. A second place, by keyboard.
  const wakefield = facetCheckbox(page, 'Place', 'Wakefield');
  require_('the place facet offers Wakefield', (await wakefield.count()) === 1);
  await wakefield.focus();
  await searchAfter(page, () => page.keyboard.press('Space'));
  const two = await checkAgainstApi(page, 'places Leeds or Wakefield', { place: ['West Yorkshire/Leeds', 'West Yorkshire/Wakefield'] });
  const t2 = two.shown.total;
  check(`two places OR'ed give at least as many as one (${t2} >= ${t1})`, t2 >= t1);
  check('both places stay checked', (await leeds.isChecked()) && (await wakefield.isChecked()));
  check('focus stays on the Wakefield checkbox', two.shown.focused && two.shown.focused.value === 'West Yorkshire/Wakefield',
    JSON.stringify(two.shown.focused));

  // 5. A theme.
  const discharge = facetCheckbox(page, 'Theme', 'Discharge');
  require_('the theme facet offers Discharge', (await discharge.count()) === 1);
  await searchAfter(page, () => discharge.check());
  const three = await checkAgainstApi(page, 'places and theme Discharge', {
    place: ['West Yorkshire/Leeds', 'West Yorkshire/Wakefield'],
    theme: ['Discharge'],
  });
  const t3 = three.shown.total;
  check(`adding the theme gives no more (${t3} <= ${t2})`, t3 <= t2 && t3 > 0);

  // "Show all" lists every value of a facet, and its counts still match.
  const toggle = page.locator('#facet-place-toggle');
  await toggle.click();
  const expandedPlaces = await page.locator('#facets input[name="place"]').count();
  check(`"Show all" lists every place (${three.expected.facets.place.length})`,
    expandedPlaces === three.expected.facets.place.length && (await toggle.getAttribute('aria-expanded')) === 'true'
      && (await page.evaluate(() => document.activeElement?.id)) === 'facet-place-toggle',
    `${expandedPlaces} shown`);
  const allShown = await readPage(page);
  const allDiff = facetDifferences(allShown.facets, three.expected);
  check('every place count shown after "Show all" matches the API', allDiff === '', allDiff);

  // 6. The URL holds the state; chips and export follow it.
  const params = new URLSearchParams(three.shown.search);
  check('the URL holds q, both places and the theme',
    params.get('q') === QUERY
      && params.getAll('place').sort().join('|') === 'West Yorkshire/Leeds|West Yorkshire/Wakefield'
      && params.getAll('theme').join('|') === 'Discharge',
    three.shown.search);
  const chipNames = await page.locator('#active-filters button.app-chip').evaluateAll((buttons) =>
    buttons.map((b) => b.textContent.replace(/\s+/g, ' ').trim()));
  check('active filters show as removable chips ("Remove filter: Place Leeds", ...)',
    ['Remove filter: Place Leeds', 'Remove filter: Place Wakefield', 'Remove filter: Theme Discharge'].every((n) => chipNames.includes(n)),
    JSON.stringify(chipNames));
  const exportHref = await page.getByRole('link', { name: 'Export these results (CSV)' }).getAttribute('href');
  const exportParams = new URL(exportHref, BASE).searchParams;
  check('the export link carries the same filters',
    exportHref.startsWith('/api/export?') && exportParams.get('format') === 'csv' && exportParams.get('q') === QUERY
      && exportParams.getAll('place').length === 2 && exportParams.getAll('theme').join() === 'Discharge', exportHref);
  const csv = await page.request.get(BASE + exportHref);
  check('the export link downloads CSV', csv.ok() && (csv.headers()['content-type'] || '').startsWith('text/csv')
    && (await csv.text()).startsWith('passage_id,'));

  // 7. Reload: same state.
  await searchAfter(page, () => page.reload({ waitUntil: 'domcontentloaded' }));
  const reloaded = await readPage(page);
  check(`after a reload the same ${t3} passages match`, reloaded.total === t3, `got ${reloaded.total}`);
  check('after a reload the query and the three filters are restored',
    reloaded.q === QUERY && reloaded.search === three.shown.search
      && (await leeds.isChecked()) && (await wakefield.isChecked()) && (await discharge.isChecked())
      && reloaded.chips.length === 3,
    JSON.stringify({ q: reloaded.q, search: reloaded.search, chips: reloaded.chips }));
  check('after a reload the same hits are shown',
    reloaded.hits.map((h) => h.passageId).join() === three.shown.hits.map((h) => h.passageId).join());

  // 8. The back button returns to the previous search, forward comes back.
  await searchAfter(page, () => page.goBack({ waitUntil: 'commit' }));
  const back = await readPage(page);
  check(`Back returns to the two-place search (${t2})`, back.total === t2 && !(await discharge.isChecked()), `got ${back.total}`);
  await searchAfter(page, () => page.goForward({ waitUntil: 'commit' }));
  check('Forward returns to the filtered search', (await readPage(page)).total === t3);

  // 9. Accessibility of the search page with results.
  await page.waitForSelector('#chart:not([hidden]) svg', { timeout: STEP_MS });
  await axeCheck(page, 'search page');

  // 9b. A word in Chinese, which has no spaces between words: found, highlighted, and
  // marked with its language for screen readers.
  const filteredSearch = page.url();
  await searchAfter(page, () => page.goto(BASE + '/?' + new URLSearchParams({ q: '傳譯' }), { waitUntil: 'domcontentloaded' }));
  const chinese = await page.evaluate(() => {
    const first = document.querySelector('#results .app-result .app-snippet');
    return {
      total: Number(document.querySelector('#result-count').dataset.total),
      lang: first?.getAttribute('lang'),
      marked: [...(first?.querySelectorAll('mark') || [])].map((m) => m.textContent),
    };
  });
  check(`a Chinese word is found (${chinese.total}), its snippet has lang="zh" and the word highlighted`,
    chinese.total > 0 && chinese.lang === 'zh' && chinese.marked.some((m) => m.includes('傳譯')), JSON.stringify(chinese));
  await axeCheck(page, 'search page with Chinese results');
  // Learned tagging: filtering by a QDC category and a sentiment shows each learned tag
  // with the model's confidence, and the sentiment, as the API gives them.
  const learnedSearch = BASE + '/?' + new URLSearchParams({ theme: 'Cleanliness, tidiness & infection control', sentiment: 'negative' });
  await searchAfter(page, () => page.goto(learnedSearch, { waitUntil: 'domcontentloaded' }));
  await page.waitForSelector('#results li.app-result', { timeout: STEP_MS });
  const learnedApi = await api(page, '/api/search?' + new URLSearchParams({ theme: 'Cleanliness, tidiness & infection control', sentiment: 'negative' }));
  const learnedTag = learnedApi.hits.flatMap((hit) => hit.tags).find((tag) => tag.origin === 'learned');
  const shownTitles = await page.$$eval('#results .app-tag', (tags) => tags.map((tag) => tag.getAttribute('title')));
  check('a search by QDC category and negative sentiment finds passages', learnedApi.total > 0, String(learnedApi.total));
  check(`a learned tag shows its provenance and confidence ("suggested by the model, ${learnedTag ? learnedTag.confidence.toFixed(2) : '?'}")`,
    Boolean(learnedTag) && shownTitles.some((title) => title.includes(`suggested by the model, ${learnedTag.confidence.toFixed(2)}`)), JSON.stringify(shownTitles.slice(0, 8)));
  const shownMeta = await page.$$eval('#results .app-meta', (lists) => lists.map((list) => list.textContent));
  check('each hit shows its negative sentiment', shownMeta.length > 0 && shownMeta.every((text) => /Sentiment:\s*Negative \(suggested by the model, 0\.\d\d\)/.test(text)), shownMeta[0]);
  await axeCheck(page, 'search page with learned tags');
  // Words that name a theme: the page says which theme it also searched, and a link
  // searches only the words (the same URL with expand_themes=false); a typo is matched
  // and said so.
  await searchAfter(page, () => page.goto(BASE + '/?' + new URLSearchParams({ q: 'hygiene' }), { waitUntil: 'domcontentloaded' }));
  const themed = await api(page, '/api/search?' + new URLSearchParams({ q: 'hygiene' }));
  const themedNote = await page.evaluate(() => ({
    hidden: document.querySelector('#interpretation').hidden,
    text: document.querySelector('#interpretation').textContent,
    total: Number(document.querySelector('#result-count').dataset.total),
  }));
  check(`"hygiene" also searches the theme the API added (${themed.interpretation.themes.map((t) => t.split('/').pop()).join(', ')})`,
    themed.interpretation.themes.length > 0 && !themedNote.hidden
      && themed.interpretation.themes.every((t) => themedNote.text.includes(t.split('/').pop())) && themedNote.total === themed.total,
    JSON.stringify(themedNote));
  await searchAfter(page, () => page.getByRole('link', { name: 'Search only your words' }).click());
  const wordsOnly = await api(page, '/api/search?' + new URLSearchParams({ q: 'hygiene', expand_themes: 'false' }));
  const wordsOnlyShown = await page.evaluate(() => ({
    url: location.search,
    total: Number(document.querySelector('#result-count').dataset.total),
    text: document.querySelector('#interpretation').textContent,
  }));
  check(`"Search only your words" keeps expand_themes=false in the URL and shows the API's count (${wordsOnly.total} < ${themed.total})`,
    /expand_themes=false/.test(wordsOnlyShown.url) && wordsOnlyShown.total === wordsOnly.total && wordsOnly.total < themed.total
      && /Also search the theme/.test(wordsOnlyShown.text), JSON.stringify(wordsOnlyShown));
  await axeCheck(page, 'search page with the themes a query names');
  await searchAfter(page, () => page.goto(BASE + '/?' + new URLSearchParams({ q: 'dischrage' }), { waitUntil: 'domcontentloaded' }));
  const typo = await page.evaluate(() => ({
    total: Number(document.querySelector('#result-count').dataset.total),
    text: document.querySelector('#interpretation').textContent,
  }));
  check('a misspelt "dischrage" finds passages and says it included "discharge"', typo.total > 0 && /‘discharge’ for ‘dischrage’/.test(typo.text), JSON.stringify(typo));
  await searchAfter(page, () => page.goto(filteredSearch, { waitUntil: 'domcontentloaded' }));

  // 10. The document page.
  const target = (await readPage(page)).hits[0];
  require_('there is a result to open', Boolean(target));
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/document.html', { timeout: STEP_MS }),
    page.locator(`#results a.app-result__link[href="${target.href}"]`).first().click(),
  ]);
  await page.waitForSelector('#document:not([aria-busy])', { timeout: STEP_MS });
  const doc = await api(page, `/api/documents/${target.docId}`);
  const docPage = await page.evaluate((id) => {
    const passage = document.getElementById(id);
    const rect = passage ? passage.getBoundingClientRect() : null;
    return {
      title: document.querySelector('h1')?.textContent.trim(),
      passages: [...document.querySelectorAll('.app-passage')].map((p) => p.id),
      current: passage ? passage.classList.contains('app-passage--current') : false,
      inView: rect ? rect.top < window.innerHeight && rect.bottom > 0 : false,
      text: passage ? passage.querySelector('.app-passage__text').textContent : '',
    };
  }, target.passageId);
  check(`the document page shows the title "${doc.title}"`, docPage.title === doc.title && docPage.title === target.title);
  check(`the document page shows all ${doc.passages.length} passages, each with its id`,
    docPage.passages.join() === doc.passages.map((p) => p.passage_id).join());
  check('the passage from the result is highlighted and scrolled into view', docPage.current && docPage.inView);
  const apiText = doc.passages.find((p) => p.passage_id === target.passageId)?.text || '';
  check('passage text is shown as text', apiText.length > 0 && docPage.text.replace(/\s+/g, '') === apiText.replace(/\s+/g, ''));
  await axeCheck(page, 'document page');

  // 11. Back to results.
  // history.back() to a full page: it may come from the back-forward cache (no new
  // request), so wait for the page rather than for a search response.
  await page.getByRole('link', { name: 'Back to results' }).click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: STEP_MS });
  await page.waitForFunction(() => document.querySelector('#result-count')?.dataset.total !== undefined
    && !document.querySelector('#results[aria-busy]'), null, { timeout: STEP_MS });
  const returned = await readPage(page);
  check('"Back to results" returns to the same search', returned.search === three.shown.search && returned.total === t3,
    returned.search);

  await checkNav(page, 'search page', 'Search');

  // 12. Check my plan: the form's own checks, then a proposal against POST /api/overlap.
  const overlapRequests = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/overlap')) overlapRequests.push(request.postData());
  });
  const checkPage = await page.goto(BASE + '/check.html', { waitUntil: 'domcontentloaded' });
  require_('the "Check my plan" page loads', checkPage && checkPage.ok(), checkPage ? `status ${checkPage.status()}` : 'no response');
  await page.waitForSelector('#place-choices input', { timeout: STEP_MS });
  // the server renders the lists: wait for check.js to take the form over
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: STEP_MS });
  await checkNav(page, 'check page', 'Check my plan');
  const facetsNow = await api(page, '/api/facets');
  const placeBoxes = await page.locator('#place-choices input[type="checkbox"]').count();
  check(`the place list offers every place of the taxonomy (${facetsNow.facets.place.length})`, placeBoxes === facetsNow.facets.place.length,
    `${placeBoxes} shown`);
  const checkButton = page.getByRole('button', { name: 'Check for overlaps' });

  await checkButton.click();
  await page.waitForSelector('.nhsuk-error-summary', { timeout: STEP_MS });
  const emptyErrors = await page.evaluate(() => ({
    items: [...document.querySelectorAll('.nhsuk-error-summary li')].map((li) => ({ text: li.textContent.trim(), href: li.querySelector('a')?.getAttribute('href') })),
    focused: document.activeElement?.classList.contains('nhsuk-error-summary'),
    fieldError: document.querySelector('#title-group.nhsuk-form-group--error .nhsuk-error-message')?.textContent.trim(),
  }));
  check('an empty form shows the error summary, linking to the title, with focus on it',
    emptyErrors.items.length === 1 && /title or a description/i.test(emptyErrors.items[0].text) && emptyErrors.items[0].href === '#title'
      && emptyErrors.focused && /title or a description/i.test(emptyErrors.fieldError || ''),
    JSON.stringify(emptyErrors));
  await page.locator('.nhsuk-error-summary a[href="#title"]').click();
  check('the error summary link moves focus to the title', (await page.evaluate(() => document.activeElement?.id)) === 'title');

  const proposal = CHECK_PROPOSAL;
  await fillEndBeforeStart(page);
  await checkButton.click();
  await page.waitForFunction(() => /end date/i.test(document.querySelector('.nhsuk-error-summary')?.textContent || ''), null, { timeout: STEP_MS });
  check('an end date before the start date is refused in the error summary, linking to the end date',
    (await page.locator('.nhsuk-error-summary a[href="#end-day"]').count()) === 1
      && (await page.locator('#end-group.nhsuk-form-group--error').count()) === 1
      && /End date must be the same as or after the start date/.test(await page.locator('#end-error').textContent()));
  check('neither mistake was sent to the API', overlapRequests.length === 0, `${overlapRequests.length} requests`);

  // The API's own refusals are shown the same way.
  await page.route('**/api/overlap', (route) => route.fulfill({
    status: 400,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'invalid_parameter', message: 'the proposal is `odd`; try again' } }),
  }));
  await fillDate(page, 'start', '1', '3', '2027');
  await fillDate(page, 'end', '31', '5', '2027');
  await checkButton.click();
  await page.waitForFunction(() => /proposal is/.test(document.querySelector('.nhsuk-error-summary')?.textContent || ''), null, { timeout: STEP_MS });
  check('an API error is shown in the error summary, in words for people',
    /The proposal is ‘odd’; try again/.test(await page.locator('.nhsuk-error-summary').textContent())
      && (await page.locator('#check-results').isHidden()));
  await page.unroute('**/api/overlap');

  await page.getByLabel('Description', { exact: true }).fill(proposal.description);
  await page.locator('#place-choices').getByLabel(/^Bradford District and Craven\b/).check();
  const overlapResponse = page.waitForResponse((r) => r.url().endsWith('/api/overlap') && r.request().method() === 'POST', { timeout: STEP_MS });
  await checkButton.click();
  const answered = await overlapResponse;
  await page.waitForSelector('#check-results:not([hidden]):not([aria-busy])', { timeout: STEP_MS });
  const sent = JSON.parse(answered.request().postData() || '{}');
  check('the proposal is sent as JSON with the chosen place and dates',
    sent.title === proposal.title && sent.description === proposal.description
      && JSON.stringify(sent.places) === JSON.stringify(['West Yorkshire/Bradford District and Craven'])
      && sent.start === '2027-03-01' && sent.end === '2027-05-31'
      && Array.isArray(sent.themes) && Array.isArray(sent.audiences) && Array.isArray(sent.segments),
    JSON.stringify(sent));
  const overlap = await apiPost(page, '/api/overlap', sent);
  const checked = await readCheck(page);
  const allCards = [...checked.activities, ...checked.insight];
  check(`the check lists the API's ${overlap.activities.length} activities and ${overlap.insight.length} pieces of insight, in order`,
    checked.activities.map((c) => c.passageId).join() === overlap.activities.map((m) => m.passage_id).join()
      && checked.insight.map((c) => c.passageId).join() === overlap.insight.map((m) => m.passage_id).join());
  const banded = allCards.filter((c) => (c.band === 'likely_duplicate' && c.bandText === 'Likely duplicate') || (c.band === 'related' && c.bandText === 'Related'));
  require_(`at least one "Likely duplicate" or "Related" card is shown (${banded.length})`, banded.length > 0 && banded.length === allCards.length,
    JSON.stringify(allCards.slice(0, 2)));
  check(`the plan's twin in the forward plan is a likely duplicate (${checked.activities.filter((c) => c.band === 'likely_duplicate').length})`,
    checked.activities.some((c) => c.band === 'likely_duplicate'));
  const fiveFactors = 'place,audience,themes,dates,text';
  check('every card has a reasons table (factor, score, detail) with the five factors',
    allCards.every((c) => c.factors.join() === fiveFactors && c.headers.join('|') === 'Factor|Score|Detail' && /^Why it matches/.test(c.caption || '')),
    JSON.stringify(allCards.find((c) => c.factors.join() !== fiveFactors)));
  const scoresOk = allCards.every((c, i) => c.score === [...overlap.activities, ...overlap.insight][i].score.toFixed(2));
  check('every card shows its score', scoresOk);
  check('cards link to /document.html?id=DOC_ID#PASSAGE_ID', allCards.every((c) => c.href === `/document.html?id=${c.docId}#${c.passageId}`),
    allCards[0] && allCards[0].href);
  const inferred = overlap.proposal_tags.filter((t) => t.origin === 'inferred');
  const understoodOk = overlap.proposal_tags.every((tag) => {
    const row = checked.understood[tag.facet];
    return row && row.tags.some((t) => t.inferred === (tag.origin === 'inferred') && (tag.origin !== 'inferred' || t.afterFoundLabel));
  });
  check(`"What we understood" shows the proposal's ${overlap.proposal_tags.length} tags, the ${inferred.length} inferred ones as "Found in your description"`,
    understoodOk && inferred.length > 0 && Object.values(checked.understood).some((r) => r.foundLabel === 'Found in your description:')
      && checked.understood.place.tags.some((t) => t.text.includes('Bradford District and Craven') && !t.inferred),
    JSON.stringify(checked.understood));
  check('the results are announced (aria-live) and focus moves to them',
    (await page.locator('[aria-live="polite"]:has(#results-heading)').count()) === 1 && checked.focused === 'results-heading'
      && /overlap your plan/.test(checked.summary || ''),
    JSON.stringify({ focused: checked.focused, summary: checked.summary }));
  const unseen = overlap.hidden.activities + overlap.hidden.sources;
  const hiddenShown = await page.evaluate(() => document.querySelector('#hidden-overlaps')?.textContent || null);
  check(`overlaps the caller cannot see are announced as the API counts them (${unseen}), without their titles`,
    unseen === 0 ? hiddenShown === null
      : Boolean(hiddenShown) && hiddenShown.includes(String(overlap.hidden.activities || overlap.hidden.sources))
        && overlap.hidden.ask.every((who) => hiddenShown.includes(who)),
    JSON.stringify({ hidden: overlap.hidden, hiddenShown }));
  await axeCheck(page, 'check page with results');

  // 13. The forward plan: filters by status and place, counts against /api/search, the URL.
  await planAfter(page, () => page.goto(BASE + '/plan.html', { waitUntil: 'domcontentloaded' }));
  await checkNav(page, 'forward plan page', 'Forward plan');
  const plan0 = await checkPlanAgainstApi(page, 'forward plan');
  check(`the forward plan lists every activity (${plan0.shown.total}), each with a status and tags`,
    plan0.shown.activities.length === Math.min(100, plan0.expected.total)
      && plan0.shown.activities.every((a) => a.statusTag && a.hasTags && a.title && a.href === `/document.html?id=${a.docId}#${a.passageId}`),
    JSON.stringify(plan0.shown.activities.find((a) => !a.statusTag || !a.hasTags)));
  const fullTexts = plan0.expected.hits.filter((h) => h.snippet.text.length >= 200);
  if (fullTexts.length) {
    const passage = await api(page, `/api/passages/${fullTexts[0].passage_id}`);
    const shownText = plan0.shown.activities.find((a) => a.passageId === passage.passage_id)?.description || '';
    check('a long description is shown in full, not cut at the extract', shownText.replace(/\s+/g, ' ') === passage.text.trim().replace(/\s+/g, ' '),
      `${shownText.length} characters shown, ${passage.text.length} in the passage`);
  }
  const planned = facetCheckbox(page, 'Status', 'Planned');
  require_('the status filter offers Planned', (await planned.count()) === 1);
  await planAfter(page, () => planned.check());
  const plan1 = await checkPlanAgainstApi(page, 'status planned', { status: ['planned'] });
  const placeName = (plan1.expected.facets.place || [])
    .filter((v) => v.value.split('/').length === 2)
    .sort((a, b) => b.count - a.count)[0];
  require_('a place has planned activities', Boolean(placeName), JSON.stringify(plan1.expected.facets.place));
  const placeBox = facetCheckbox(page, 'Place', placeName.value.split('/').pop());
  await planAfter(page, () => placeBox.check());
  const plan2 = await checkPlanAgainstApi(page, `status planned and place ${placeName.value}`, { status: ['planned'], place: [placeName.value] });
  check(`status and place give no more than status alone (${plan2.shown.total} <= ${plan1.shown.total})`,
    plan2.shown.total <= plan1.shown.total && plan2.shown.total === placeName.count);
  const planParams = new URLSearchParams(plan2.shown.search);
  check('the URL holds the status and the place', planParams.getAll('status').join() === 'planned'
    && planParams.getAll('place').join() === placeName.value, plan2.shown.search);
  check('"Check a plan against this" opens the check pre-filled with the place',
    plan2.shown.checkHref === '/check.html?' + new URLSearchParams({ place: placeName.value }), plan2.shown.checkHref);

  // A month: the activities running in it.
  const month = (plan2.expected.hits[0]?.date?.from || '2027-03-01').slice(0, 7);
  await planAfter(page, () => page.selectOption('#month', month));
  const plan3 = await checkPlanAgainstApi(page, `month ${month}`, { status: ['planned'], place: [placeName.value] });
  const [my, mm] = month.split('-').map(Number);
  const monthEnd = `${month}-${String(new Date(Date.UTC(my, mm, 0)).getUTCDate()).padStart(2, '0')}`;
  check(`every activity listed runs in ${month}`, plan3.expected.hits.every((h) => h.date && h.date.from <= monthEnd && h.date.to >= `${month}-01`)
    && new URLSearchParams(plan3.shown.search).get('month') === month && plan3.shown.month === month, plan3.shown.search);
  await planAfter(page, () => page.reload({ waitUntil: 'domcontentloaded' }));
  const plan4 = await readPlan(page);
  check('after a reload the forward plan keeps its filters and list',
    plan4.search === plan3.shown.search && plan4.total === plan3.shown.total && plan4.month === month
      && (await facetCheckbox(page, 'Status', 'Planned').isChecked()),
    plan4.search);
  await planAfter(page, () => page.goBack({ waitUntil: 'commit' }));
  check('Back returns to the list before the month was chosen', (await readPlan(page)).total === plan2.shown.total);
  await axeCheck(page, 'forward plan page');

  // 14. A document with "You said, we did" records: "What changed because of this".
  const records = await api(page, '/api/search?' + new URLSearchParams({ kind: 'you said we did', per_page: '100' }));
  require_(`the index holds "You said, we did" records (${records.total})`, records.total > 0);
  const files = new Map();
  for (let n = 1; n <= 10; n++) {
    const grouped = await api(page, '/api/search?' + new URLSearchParams({ group: 'document', per_page: '100', page: String(n) }));
    for (const hit of grouped.hits) files.set(hit.source.file, hit.doc_id);
    if (n >= grouped.pages) break;
  }
  let changed = null;
  for (const record of records.hits) {
    for (const path of (record.attributes.insight || '').split(/\s*;\s*/).filter(Boolean)) {
      const docId = files.get(path);
      if (!docId) continue;
      const candidate = await api(page, `/api/documents/${docId}?per_page=1`);
      if (candidate.changes.some((c) => c.passage_id === record.passage_id)) {
        changed = candidate;
        break;
      }
    }
    if (changed) break;
  }
  require_('a document has changes from a "You said, we did" record', Boolean(changed));
  await page.goto(BASE + `/document.html?id=${changed.doc_id}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#changes .app-change', { timeout: STEP_MS });
  await checkNav(page, 'document page', '');
  const recordIds = new Set(records.hits.map((h) => h.passage_id));
  const expectedChanges = changed.changes.filter((c) => recordIds.has(c.passage_id));
  const shownChanges = await page.evaluate(() => ({
    heading: document.querySelector('#changes h2')?.textContent.trim(),
    items: [...document.querySelectorAll('#changes .app-change')].map((li) => ({
      passageId: li.dataset.passageId,
      title: li.querySelector('.app-change__title')?.textContent.trim(),
      status: li.querySelector('.app-status')?.textContent.replace(/\s+/g, ' ').trim(),
      text: li.querySelector('.app-change__text')?.textContent || '',
    })),
  }));
  check(`the document shows "What changed because of this" with its ${expectedChanges.length} record(s), newest first`,
    shownChanges.heading === 'What changed because of this'
      && shownChanges.items.map((i) => i.passageId).join() === expectedChanges.map((c) => c.passage_id).join(),
    JSON.stringify(shownChanges.items.map((i) => i.passageId)));
  const firstChange = expectedChanges[0];
  const firstShown = shownChanges.items[0] || {};
  check('each change shows its title, status and text (as text)',
    firstShown.title === firstChange.title
      && (!firstChange.status || firstShown.status.toLowerCase().endsWith(firstChange.status))
      && firstShown.text.replace(/\s+/g, '') === firstChange.text.replace(/\s+/g, ''),
    JSON.stringify({ firstShown, firstChange }));
  await axeCheck(page, 'document page with changes');


  // 15. A search filtered on an equality group with a small count: "<5", no hits, no NaN.
  const coverage0 = await api(page, '/api/coverage');
  const smallCells = [];
  for (const row of coverage0.rows.filter((r) => r.equality)) {
    for (const cell of row.cells) if (String(cell.passages).startsWith('<')) smallCells.push({ community: row.community, place: cell.column });
  }
  let small = null;
  for (const candidate of [...smallCells.slice(0, 6), { community: 'Age band/85+', place: 'Calderdale' }]) {
    const response = await page.request.get(BASE + '/api/search?' + new URLSearchParams({ ...candidate, per_page: '20' }));
    const body = await response.json().catch(() => null);
    if (response.status() === 400) {
      small = { ...candidate, refused: body && body.error };
      break;
    }
    if (body && typeof body.total === 'string' && body.total.startsWith('<')) {
      small = { ...candidate, answer: body };
      break;
    }
  }
  require_(`a search on an equality group with a small count is found (${smallCells.length} "<5" cells in /api/coverage)`, Boolean(small),
    JSON.stringify(smallCells.slice(0, 3)));
  const smallQuery = '?' + new URLSearchParams({ community: small.community, place: small.place });
  if (small.refused) {
    // The API refuses equality groups as search filters: its message is shown, nothing breaks.
    refusedQuery = new URLSearchParams({ community: small.community }).toString();
    await page.goto(BASE + '/' + smallQuery, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.nhsuk-error-summary', { timeout: STEP_MS });
    const refusedText = await page.locator('.nhsuk-error-summary').textContent();
    check(`the search on ${small.community} in ${small.place} is refused by the API (${small.refused.code}) and the page says why`,
      refusedText.includes(small.refused.message.replace(/`([^`]*)`/g, '‘$1’').slice(1, 40)) && (await page.locator('#results .app-result').count()) === 0,
      refusedText);
  } else {
    await searchAfter(page, () => page.goto(BASE + '/' + smallQuery, { waitUntil: 'domcontentloaded' }));
    const suppressedPage = await checkAgainstApi(page, `search on ${small.community} in ${small.place}`);
    const shownSmall = await page.evaluate(() => ({
      total: document.querySelector('#result-count').dataset.total,
      heading: document.querySelector('#result-count').textContent.replace(/\s+/g, ' ').trim(),
      visible: document.querySelector('#result-count [aria-hidden="true"]')?.textContent.trim(),
      hits: document.querySelectorAll('#results .app-result').length,
      explained: Boolean(document.querySelector('#suppressed-results')),
      note: document.querySelector('#facets-suppression-note')?.textContent || '',
      exportHidden: document.querySelector('#export-item').hidden,
      chartHidden: document.querySelector('#chart').hidden,
      nan: /NaN|undefined/.test(document.querySelector('main').innerText),
    }));
    check(`the search on ${small.community} in ${small.place} shows "${small.answer.total}" as the count (read as "${shownSmall.heading}") and no hits`,
      shownSmall.total === small.answer.total && shownSmall.visible === small.answer.total && shownSmall.hits === 0
        && suppressedPage.expected.hits.length === 0 && /fewer than 5 passages match/i.test(shownSmall.heading),
      JSON.stringify(shownSmall));
    check('the suppressed count is explained beside the results and under the filters ("<5" and "[c]")',
      shownSmall.explained && shownSmall.note.includes('<5') && shownSmall.note.includes('[c]'), JSON.stringify(shownSmall));
    check('no export link, no chart and no "NaN" for a suppressed count', shownSmall.exportHidden && shownSmall.chartHidden && !shownSmall.nan,
      JSON.stringify(shownSmall));

    // A larger equality group: the total is shown, some timeline counts are "<5".
    const large = coverage0.rows.find((r) => r.equality && r.depth > 1 && typeof r.total_passages === 'number' && r.total_passages >= 100);
    if (large) {
      const largeTimeline = await api(page, '/api/timeline?' + new URLSearchParams({ community: large.community }));
      await searchAfter(page, () => page.goto(BASE + '/?' + new URLSearchParams({ community: large.community }), { waitUntil: 'domcontentloaded' }));
      // (hits do not carry equality tags: a passage's equality answers are never shown)
      await checkAgainstApi(page, `search on ${large.community}`);
      await page.waitForSelector('#chart:not([hidden]) svg', { timeout: STEP_MS });
      await defineShownCount(page);
      const chartShown = await page.evaluate(() => ({
        headers: [...document.querySelectorAll('#chart-table thead th')].map((th) => th.textContent.trim()),
        rows: [...document.querySelectorAll('#chart-table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => window.shownCount(td))),
        nan: /NaN|undefined/.test(document.querySelector('#chart').textContent + document.querySelector('#chart svg').innerHTML),
      }));
      const themes = chartShown.headers.slice(2);
      const tableOk = largeTimeline.periods.every((p, i) => chartShown.rows[i] && chartShown.rows[i][0] === p.total
        && themes.every((t, j) => chartShown.rows[i][j + 1] === (p.themes[t] ?? 0)));
      const strings = largeTimeline.periods.flatMap((p) => Object.values(p.themes)).filter((c) => typeof c === 'string').length;
      check(`the timeline chart of ${large.community} draws without "NaN" and its table shows the API's counts, "<5" as it is (${strings} suppressed in the API)`,
        tableOk && !chartShown.nan, JSON.stringify(chartShown.rows));
    }
  }
  check('no script errors on the suppressed search', pageErrors.length === 0, pageErrors.slice(0, 3).join(' | '));

  // 16. Emerging themes: the chart, its table and the emerging list against /api/trends.
  const trendsAfter = async (action) => {
    const response = page.waitForResponse((r) => r.url().includes('/api/trends?'), { timeout: STEP_MS });
    await action();
    await response;
    await page.waitForFunction(() => !document.body.classList.contains('app-loading')
      && !/^Loading/.test(document.querySelector('#trend-summary')?.textContent || 'Loading'), null, { timeout: STEP_MS });
  };
  /** The /api/trends parameters the page's URL stands for. */
  const trendApiParams = (search) => {
    const url = new URLSearchParams(search);
    const params = new URLSearchParams();
    for (const name of ['place', 'segment', 'community', 'from', 'to']) if (url.get(name)) params.set(name, url.get(name));
    params.set('interval', url.get('interval') || 'quarter');
    if (url.get('min_count')) params.set('min_count', url.get('min_count'));
    if (url.get('min_sources')) params.set('min_sources', url.get('min_sources'));
    return params;
  };
  const readInsights = () => page.evaluate(() => {
    const canvas = document.querySelector('#chart-box canvas');
    const chart = canvas && window.Chart ? window.Chart.getChart(canvas) : null;
    return {
      search: location.search,
      canvas: canvas ? { width: canvas.width, height: canvas.height, role: canvas.getAttribute('role'), label: canvas.getAttribute('aria-label') } : null,
      datasets: chart ? chart.data.datasets.map((d) => d.label) : null,
      checked: [...document.querySelectorAll('#theme-choices input:checked')].map((i) => i.value),
      rule: document.querySelector('#emerging-rule')?.textContent.replace(/\s+/g, ' ') || '',
      emerging: [...document.querySelectorAll('#emerging-table tbody tr')].map((tr) => ({
        theme: tr.dataset.theme,
        name: tr.querySelector('th a')?.firstChild?.textContent.trim(),
        href: tr.querySelector('th a')?.getAttribute('href'),
        values: [...tr.querySelectorAll('td')].map((td) => td.dataset.value),
        text: [...tr.querySelectorAll('td')].map((td) => (td.querySelector('.app-cell-value') || td).textContent.replace(/\s+/g, ' ').trim()),
      })),
      noEmerging: Boolean(document.querySelector('#no-emerging')),
      heldBack: [...document.querySelectorAll('#held-back a')].map((a) => a.textContent.trim()),
      topics: [...document.querySelectorAll('#topics-list li')].map((li) => li.dataset.word),
      noTopics: Boolean(document.querySelector('#no-topics')),
      table: [...document.querySelectorAll('#trend-table tbody tr')].map((tr) => ({
        period: tr.dataset.period,
        cells: [...tr.querySelectorAll('td')].map((td) => window.shownCount(td)),
      })),
      tableThemes: [...document.querySelectorAll('#trend-table thead th[data-theme]')].map((th) => th.dataset.theme),
    };
  });
  /** Checks the insights page against a fresh /api/trends for its own URL. */
  const checkInsights = async (label) => {
    await defineShownCount(page);
    const shown = await readInsights();
    const expected = await api(page, '/api/trends?' + trendApiParams(shown.search));
    const rows = expected.emerging.map((e) => ({ theme: e.theme, values: [e.count, e.sources, e.respondents, e.share, e.baseline_share, e.change_points, e.q_value].map(String) }));
    check(`${label}: the emerging table lists the API's ${rows.length} emerging themes, in order, with counts, shares and change`,
      JSON.stringify(shown.emerging.map((r) => ({ theme: r.theme, values: r.values }))) === JSON.stringify(rows)
        && (rows.length > 0 || shown.noEmerging),
      JSON.stringify({ shown: shown.emerging.slice(0, 2), expected: rows.slice(0, 2) }));
    check(`${label}: the table shows the counts as numbers and percentages ("${shown.emerging[0]?.text.join(' | ') || 'none'}")`,
      shown.emerging.every((r, i) => r.text[0] === expected.emerging[i].count.toLocaleString('en-GB')
        && r.text[3] === `${(expected.emerging[i].share * 100).toFixed(1)}%`
        && r.text[5].startsWith(expected.emerging[i].change_points > 0 ? '+' : '')));
    check(`${label}: the rule is explained ("a theme needs at least ${expected.min_count} passages in the latest period, from at least ${expected.min_sources} sources")`,
      shown.rule.includes(`A theme needs at least ${expected.min_count} passages in the latest period, from at least ${expected.min_sources} sources`), shown.rule);
    const topics = await api(page, '/api/topics?' + trendApiParams(shown.search));
    check(`${label}: the new topics are the API's (${topics.topics.length}), or it says there are none`,
      JSON.stringify(shown.topics) === JSON.stringify(topics.topics.map((t) => t.word))
        && (topics.topics.length > 0 || shown.noTopics), JSON.stringify({ shown: shown.topics, api: topics.topics.map((t) => t.word) }));
    check(`${label}: every theme held back is named with its reason (${expected.held_back.length})`,
      shown.heldBack.length === expected.held_back.length
        && shown.heldBack.every((name, i) => name === expected.held_back[i].theme.split('/').join(' › ')), JSON.stringify(shown.heldBack));
    const byPeriod = new Map(shown.table.map((r) => [r.period, r.cells]));
    const tableOk = expected.periods.every((p, i) => {
      const cells = byPeriod.get(p);
      return cells && cells[0] === expected.totals[i]
        && shown.tableThemes.every((theme, t) => cells[t + 1] === expected.themes.find((x) => x.theme === theme).counts[i]);
    });
    check(`${label}: the chart's table has every period (${shown.table.length} rows for ${expected.periods.length} periods with passages) and the API's counts`,
      tableOk && shown.table.length >= expected.periods.length, JSON.stringify(shown.table.slice(0, 2)));
    check(`${label}: a Chart.js line chart is drawn on a canvas (role img, labelled) with one line per ticked theme (${shown.checked.length})`,
      Boolean(shown.canvas && shown.canvas.width > 0 && shown.canvas.height > 0 && shown.canvas.role === 'img' && shown.canvas.label)
        && shown.datasets && shown.datasets.length === shown.checked.length
        && [...shown.tableThemes].sort().join('|') === [...shown.checked].sort().join('|'),
      JSON.stringify({ canvas: shown.canvas, datasets: shown.datasets, checked: shown.checked }));
    checkSentiment(label, await page.evaluate(readSentiment), expected, shown.tableThemes);
    return { shown, expected };
  };

  await trendsAfter(() => page.goto(BASE + '/insights.html', { waitUntil: 'domcontentloaded' }));
  await page.waitForSelector('#chart-box canvas', { timeout: STEP_MS });
  await checkNav(page, 'emerging themes page', 'Emerging themes');
  const ins0 = await checkInsights('emerging themes by quarter');
  check('by default six top-level themes are drawn', ins0.shown.checked.length === Math.min(6, ins0.expected.themes.filter((t) => !t.theme.includes('/')).length)
    && ins0.shown.checked.every((t) => !t.includes('/')), JSON.stringify(ins0.shown.checked));
  const firstEmerging = ins0.shown.emerging[0];
  if (firstEmerging) {
    const link = new URL(firstEmerging.href, BASE).searchParams;
    const facetsAll = await api(page, '/api/facets');
    const insight = facetsAll.facets.kind.map((k) => k.value).filter((k) => !['forward plan activity', 'you said we did'].includes(k));
    check(`a theme links to the search for it, limited to insight (${firstEmerging.href})`,
      firstEmerging.href.startsWith('/?') && link.get('theme') === firstEmerging.theme && link.getAll('kind').sort().join() === insight.sort().join());
  }
  // Untick a theme: the chart loses its line and the URL keeps the choice.
  const dropped = ins0.shown.checked[ins0.shown.checked.length - 1];
  await page.locator('#theme-choices').getByRole('checkbox', { name: new RegExp(`^${dropped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`) }).first().uncheck();
  await page.waitForFunction((n) => window.Chart && window.Chart.getChart(document.querySelector('#chart-box canvas'))?.data.datasets.length === n,
    ins0.shown.checked.length - 1, { timeout: STEP_MS });
  const afterUntick = await readInsights();
  check(`unticking ${dropped} removes its line and keeps the choice in the URL`,
    !afterUntick.datasets.includes(dropped) && new URLSearchParams(afterUntick.search).getAll('show').length === ins0.shown.checked.length - 1
      && !new URLSearchParams(afterUntick.search).getAll('show').includes(dropped), afterUntick.search);
  // Interval: year.
  await trendsAfter(() => page.selectOption('#interval', 'year'));
  const ins1 = await checkInsights('emerging themes by year');
  check('changing the interval to year puts it in the URL and counts by year',
    new URLSearchParams(ins1.shown.search).get('interval') === 'year' && ins1.expected.interval === 'year'
      && ins1.shown.table.every((r) => /^\d{4}$/.test(r.period)), ins1.shown.search);
  check('the emerging table changed with the interval', JSON.stringify(ins1.shown.emerging) !== JSON.stringify(ins0.shown.emerging)
    || ins1.expected.emerging.length === 0);
  // A place.
  await trendsAfter(() => page.selectOption('#place', 'West Yorkshire/Leeds'));
  const ins2 = await checkInsights('emerging themes in Leeds by year');
  check('the place is in the URL', new URLSearchParams(ins2.shown.search).get('place') === 'West Yorkshire/Leeds', ins2.shown.search);
  await trendsAfter(() => page.goBack({ waitUntil: 'commit' }));
  check('Back returns to all places', !new URLSearchParams((await readInsights()).search).get('place'));
  await page.evaluate(() => { document.querySelector('#chart-table-details').open = true; });
  await axeCheck(page, 'emerging themes page');

  // 17. Who has been heard: the heat map against /api/coverage, gaps, links, by segment.
  const coverageAfter = async (action) => {
    const response = page.waitForResponse((r) => r.url().includes('/api/coverage?'), { timeout: STEP_MS });
    await action();
    await response;
    await page.waitForFunction(() => !document.body.classList.contains('app-loading') && document.querySelector('#coverage-table'), null, { timeout: STEP_MS });
  };
  const readCoverage = async () => {
    await defineShownCount(page);
    return page.evaluate(() => ({
      search: location.search,
      columns: [...document.querySelectorAll('#coverage-table thead th[data-column]')].map((th) => th.dataset.column),
      rows: [...document.querySelectorAll('table.app-coverage tbody tr')].map((tr) => ({
        community: tr.dataset.community,
        equality: tr.dataset.equality === 'true',
        inEqualitySection: Boolean(tr.closest('#equality-details')),
        cells: [...tr.querySelectorAll('td.app-heat')].map((td) => ({
          column: td.dataset.column,
          passages: window.shownCount(td.querySelector('.app-heat__passages')),
          sources: window.shownCount(td.querySelector('.app-heat__sources')),
          gapClass: td.classList.contains('app-heat--gap'),
          gapSaid: /Gap: (fewer than \d+ passages|the number is hidden)/.test(td.textContent),
          href: td.querySelector('a')?.getAttribute('href') || null,
        })),
        total: window.shownCount(tr.querySelector('td.app-heat-total .app-heat__passages')),
      })),
      unheard: Object.fromEntries([...document.querySelectorAll('.app-unheard__column')].map((c) => [c.dataset.column,
        [...c.querySelectorAll('li')].map((li) => li.dataset.community)])),
      equalitySummary: document.querySelector('#equality-details summary')?.textContent.trim(),
      note: document.querySelector('#coverage-suppression-note')?.textContent || '',
      key: document.querySelectorAll('#heat-key li').length,
      nan: /NaN|undefined/.test(document.querySelector('main').innerText),
    }));
  };
  const coverageApiParams = (search) => {
    const url = new URLSearchParams(search);
    const params = new URLSearchParams();
    for (const name of ['segment', 'theme', 'kind', 'from', 'to', 'gap_below']) if (url.get(name)) params.set(name, url.get(name));
    params.set('by', url.get('by') || 'place');
    return params;
  };
  const checkCoverage = async (label) => {
    const shown = await readCoverage();
    const expected = await api(page, '/api/coverage?' + coverageApiParams(shown.search));
    const problems = [];
    check(`${label}: the columns are the API's ${expected.columns.length} ${expected.by}s`, shown.columns.join('|') === expected.columns.join('|'),
      shown.columns.join('|'));
    const shownRows = new Map(shown.rows.map((r) => [r.community, r]));
    for (const row of expected.rows) {
      const mine = shownRows.get(row.community);
      if (!mine) { problems.push(`${row.community} missing`); continue; }
      if (mine.equality !== row.equality || mine.inEqualitySection !== row.equality) problems.push(`${row.community}: equality section`);
      if (mine.total !== row.total_passages) problems.push(`${row.community} total: ${mine.total} vs ${row.total_passages}`);
      row.cells.forEach((cell, i) => {
        const c = mine.cells[i] || {};
        if (c.column !== cell.column || c.passages !== cell.passages || c.sources !== cell.sources || c.gapClass !== cell.gap || c.gapSaid !== cell.gap) {
          problems.push(`${row.community} / ${cell.column}: shows ${JSON.stringify(c)}, API ${JSON.stringify(cell)}`);
        }
      });
    }
    check(`${label}: every cell (${expected.rows.length} rows) shows the API's passages, sources and gap`, problems.length === 0 && shown.rows.length === expected.rows.length,
      problems.slice(0, 3).join('; '));
    const unheardOk = expected.columns.every((c) => (shown.unheard[c] || []).join('|') === (expected.unheard[c] || []).join('|'));
    check(`${label}: "Not heard from" lists the API's unheard communities per ${expected.by}`, unheardOk, JSON.stringify(shown.unheard));
    check(`${label}: no "NaN" or "undefined" on the page`, !shown.nan);
    return { shown, expected };
  };

  await coverageAfter(() => page.goto(BASE + '/coverage.html', { waitUntil: 'domcontentloaded' }));
  await checkNav(page, 'who has been heard page', 'Who has been heard');
  const cov0 = await checkCoverage('who has been heard by place');
  const gapCell = cov0.shown.rows.flatMap((r) => r.cells.map((c) => ({ ...c, community: r.community }))).find((c) => c.gapClass);
  check(`a gap is marked with a pattern and a label for screen readers (${gapCell ? `${gapCell.community} in ${gapCell.column}: ${gapCell.passages}` : 'none'})`,
    Boolean(gapCell && gapCell.gapSaid));
  check('the equality groups are in a collapsible section "Equality monitoring (survey respondents)"',
    cov0.shown.equalitySummary === 'Equality monitoring (survey respondents)' && cov0.shown.rows.some((r) => r.inEqualitySection)
      && cov0.shown.rows.every((r) => r.inEqualitySection === r.equality));
  check('a key and the note on suppression ("<5", "[c]") are shown', cov0.shown.key >= 7 && cov0.shown.note.includes('<5') && cov0.shown.note.includes('[c]'),
    cov0.shown.note);
  const suppressedShown = cov0.shown.rows.flatMap((r) => r.cells).filter((c) => typeof c.passages === 'string');
  const suppressedApi = cov0.expected.rows.flatMap((r) => r.cells).filter((c) => typeof c.passages === 'string');
  check(`suppressed cells show "<5" or "[c]" as the API does (${suppressedShown.length})`, suppressedShown.length === suppressedApi.length
    && suppressedShown.every((c) => c.passages === '<5' || c.passages === '[c]'));
  // Click a cell: the search, filtered on its community and place, gives the same total.
  const target0 = cov0.expected.rows.filter((r) => !r.equality)
    .flatMap((r) => r.cells.map((c) => ({ community: r.community, ...c })))
    .find((c) => typeof c.passages === 'number' && c.passages >= 5 && c.passages <= 200);
  require_('a cell with a few passages to open', Boolean(target0));
  const cellLink = page.locator(`table#coverage-table tr[data-community="${target0.community}"] td[data-column="${target0.column}"] a`);
  await searchAfter(page, () => cellLink.click());
  const opened = await readPage(page);
  const openedParams = new URLSearchParams(opened.search);
  check(`clicking ${target0.community} in ${target0.column} opens the search filtered on both`,
    openedParams.get('community') === target0.community && openedParams.get('place') === target0.column && openedParams.getAll('kind').length > 0,
    opened.search);
  check(`the search finds the cell's ${target0.passages} passages`, opened.total === target0.passages, `search total ${opened.total}`);
  await checkAgainstApi(page, `search from the ${target0.community} / ${target0.column} cell`, { community: [target0.community], place: [target0.column] });
  await coverageAfter(() => page.goBack({ waitUntil: 'commit' }));
  // By segment, with a theme.
  await coverageAfter(() => page.locator('#by-segment').check());
  const cov1 = await checkCoverage('who has been heard by segment');
  check('the URL says by=segment', new URLSearchParams(cov1.shown.search).get('by') === 'segment', cov1.shown.search);
  await coverageAfter(() => page.selectOption('#theme', 'Discharge'));
  const cov2 = await checkCoverage('who has been heard by segment, theme Discharge');
  check('the URL holds the theme and the segment view', new URLSearchParams(cov2.shown.search).get('theme') === 'Discharge'
    && new URLSearchParams(cov2.shown.search).get('by') === 'segment', cov2.shown.search);
  const target2 = cov2.expected.rows.filter((r) => !r.equality)
    .flatMap((r) => r.cells.map((c) => ({ community: r.community, ...c })))
    .find((c) => typeof c.passages === 'number' && c.passages > 0);
  if (target2) {
    const href = cov2.shown.rows.find((r) => r.community === target2.community).cells.find((c) => c.column === target2.column).href;
    const linkParams = new URL(href, BASE).searchParams;
    const linked = await apiFor(page, '?' + linkParams);
    check(`the ${target2.community} / ${target2.column} cell links to a search with the theme and the same total (${target2.passages})`,
      linkParams.get('segment') === target2.column && linkParams.get('theme') === 'Discharge' && linked.total === target2.passages,
      `${href} -> ${linked.total}`);
  }
  await page.evaluate(() => { document.querySelector('#equality-details').open = true; });
  await axeCheck(page, 'who has been heard page');

  // 18. Partner access: a partner's key shows partners material too; a wrong key is
  // refused and said so; stopping returns to public material.
  const partnerKey = process.env.PARTNER_KEY;
  require_('the server was started with a partner key for the test', Boolean(partnerKey));
  const keyed = async (key) => {
    const response = await page.request.get(BASE + '/api/search?' + new URLSearchParams({ q: QUERY }), { headers: { Authorization: `Bearer ${key}` } });
    return response.json();
  };
  const publicTotal = (await api(page, '/api/search?' + new URLSearchParams({ q: QUERY }))).total;
  const partnerTotal = (await keyed(partnerKey)).total;
  check(`a partner sees more for "${QUERY}" than the public (${partnerTotal} > ${publicTotal})`, partnerTotal > publicTotal);
  await searchAfter(page, () => page.goto(BASE + '/?' + new URLSearchParams({ q: QUERY }), { waitUntil: 'domcontentloaded' }));
  check('without a key the page shows the public count', (await readPage(page)).total === publicTotal);
  await page.waitForSelector('#access-summary', { timeout: STEP_MS });
  check('the page says it shows public material only', /public material only/.test(await page.locator('#access-summary').textContent()));
  await page.locator('#access summary').click();
  await page.getByLabel('API key').fill(partnerKey);
  await searchAfter(page, () => page.getByRole('button', { name: 'Use this key' }).click());
  await page.waitForSelector('#access-summary', { timeout: STEP_MS });
  const signedIn = await readPage(page);
  check(`with the key the page shows the partner's count (${signedIn.total})`, signedIn.total === partnerTotal, String(signedIn.total));
  check('the page names the organisation whose restricted material it shows',
    /restricted to Carers Leeds/.test(await page.locator('#access-summary').textContent()));
  await checkAgainstApi(page, 'search with a partner key');
  await axeCheck(page, 'search page with partner access');
  await page.locator('#access summary').click();
  await searchAfter(page, () => page.getByRole('button', { name: 'Stop using the key' }).click());
  await page.waitForSelector('#access-summary', { timeout: STEP_MS });
  check('stopping returns to public material', (await readPage(page)).total === publicTotal
    && /public material only/.test(await page.locator('#access-summary').textContent()));
  wrongKeyTried = true;
  await page.locator('#access summary').click();
  await page.getByLabel('API key').fill('ik_not_a_real_key');
  await page.getByRole('button', { name: 'Use this key' }).click();
  await page.waitForSelector('#api-key-error', { timeout: STEP_MS });
  const refusedKey = await page.evaluate(() => ({
    message: document.querySelector('#api-key-error').textContent,
    focused: document.activeElement?.id,
    kept: sessionStorage.getItem('insight-api-key'),
  }));
  check('a wrong key is refused and said so, with focus on the field; nothing is kept and public material stays',
    /refused/.test(refusedKey.message) && refusedKey.focused === 'api-key' && refusedKey.kept === null
      && (await readPage(page)).total === publicTotal, JSON.stringify(refusedKey));
  await axeCheck(page, 'search page with a refused key');

  // 19. Contribute: a partner with a contributor key uploads a Word report, sees its
  // sections before publishing, publishes it, finds it in search, and withdraws it.
  const contributorKey = process.env.CONTRIBUTOR_KEY;
  require_('the server was started with a contributor key and its corpus', Boolean(contributorKey));
  await page.evaluate(() => sessionStorage.removeItem('insight-api-key'));
  await page.goto(BASE + '/contribute.html', { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#contribute-access:not([hidden])', { timeout: STEP_MS });
  check('without a key the Contribute page says a contributor key is needed',
    /contributor key/.test(await page.locator('#contribute-access-text').textContent()));
  await page.evaluate((key) => sessionStorage.setItem('insight-api-key', key), contributorKey);
  await page.goto(BASE + '/contribute.html', { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#upload-form', { state: 'visible', timeout: STEP_MS });
  await checkNav(page, 'contribute page', 'Contribute');
  check('the page names the organisation the key contributes for',
    /Carers Leeds/.test(await page.locator('#organisation-line').textContent()));
  await page.getByRole('button', { name: 'Check the report' }).click();
  await page.waitForSelector('.nhsuk-error-summary', { timeout: STEP_MS });
  check('checking without a file says to choose one', /Choose the report/.test(await page.locator('.nhsuk-error-summary').textContent()));
  await page.setInputFiles('#file', path.join(process.cwd(), '..', 'tests/data/documents/styled.docx'));
  await page.getByLabel('Title (optional)').fill('Caring on your own (browser test)');
  await page.getByLabel('Everyone (public)').check();
  await page.getByRole('button', { name: 'Check the report' }).click();
  await page.waitForSelector('#preview-passages li', { timeout: STEP_MS });
  const draft = await page.evaluate(() => ({
    sections: document.querySelectorAll('#preview-passages li').length,
    summary: document.querySelector('#preview-summary').textContent,
    headings: [...document.querySelectorAll('#preview-passages h3')].map((h) => h.textContent),
  }));
  check('the upload shows the sections found before anything is published',
    draft.sections > 5 && /Not published yet/.test(draft.summary) && draft.headings.some((h) => /Respite/.test(h)), JSON.stringify(draft));
  const contributed = async () => (await api(page, '/api/search?' + new URLSearchParams({ q: 'respite day services', per_page: '50' })))
    .hits.filter((hit) => hit.source.file.startsWith('contributions/')).length;
  check('a draft is not searchable', (await contributed()) === 0);
  await axeCheck(page, 'contribute page with a draft');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.waitForFunction(() => /in the insight bank/.test(document.querySelector('#preview-summary').textContent), null, { timeout: 90_000 });
  check('once published, the page says its sections are in the insight bank', true);
  check('the published report is found by search', (await contributed()) > 0);
  await page.getByRole('button', { name: 'Withdraw' }).click();
  await page.waitForFunction(() => document.querySelector('#preview').hidden, null, { timeout: STEP_MS });
  let gone = false;
  for (let i = 0; i < 60 && !gone; i++) {
    gone = (await contributed()) === 0;
    if (!gone) await new Promise((r) => setTimeout(r, 250));
  }
  check('a withdrawn report leaves search a moment later', gone);
  await page.evaluate(() => sessionStorage.removeItem('insight-api-key'));

  check('no request left the server (no CDN, fonts or other hosts)', offsite.length === 0, offsite.slice(0, 5).join(', '));
  check('no script errors on the pages', pageErrors.length === 0, pageErrors.slice(0, 5).join(' | '));
}

try {
  await main();
  clearTimeout(watchdog);
  await finish(results.failed === 0 ? 0 : 1);
} catch (error) {
  clearTimeout(watchdog);
  if (finished) {
    // The watchdog closed the browser under a running step: already reported.
  } else if (!(error instanceof Stop)) {
    results.failed++;
    log(`FAIL the test stopped: ${error && error.stack ? error.stack.split('\n').slice(0, 4).join('\n     ') : error}`);
  } else {
    log('stopping: later checks depend on the one that failed');
  }
  await finish(1);
}
