// The "Emerging themes" page: passages per theme over time from /api/trends, drawn with
// Chart.js (served from /vendor/chartjs/) with a table of the same numbers, and the
// emerging themes (rises in share against the periods before, tested, in enough sources).
// The server renders the same content from the same URL (the tables, the new topics and
// the choice of themes, with "Apply filters" and "Show these themes" buttons); here the
// lists apply as soon as they change, ticking a theme redraws at once, and the chart is
// drawn over the table, which folds away into "Show the numbers in a table".
//
// All state lives in the URL: place, segment, community, from, to, interval (quarter
// unless given), the themes drawn (`show`, repeated; absent for the six top-level themes
// with the most passages) and min_count. Filter changes push a history entry; ticking a
// theme only replaces it. Counts can be suppressed strings ("<5", "[c]") when the
// filters include an equality monitoring group: they are shown as they are in the
// tables and left out of the drawing.

import { initAll } from '/vendor/nhsuk/nhsuk-frontend.min.js';
import {
  clearDateError,
  countNode,
  depth,
  el,
  facetItem,
  fillTaxonomySelect,
  friendlyMessage,
  getJson,
  hidden,
  insightKinds,
  isCount,
  isSuppressed,
  matchOption,
  numberFormat,
  searchHref,
  showDateError,
  showErrorSummary,
  submitDates,
  suppressionNote,
  tagLabel,
  treeOrder,
  dateParam,
  fillDates,
} from './common.js';

const $ = (id) => document.getElementById(id);

const FILTERS = ['place', 'segment', 'community'];
const INTERVALS = ['quarter', 'year', 'month'];
const DEFAULT_INTERVAL = 'quarter';
/** Top-level themes drawn at first. */
const DEFAULT_THEMES = 6;
/** Line colours with at least 3:1 contrast on white, each with its own point and dash. */
const SERIES = [
  { colour: '#005eb8', point: 'circle', dash: [] },
  { colour: '#d5281b', point: 'rect', dash: [6, 3] },
  { colour: '#007f3b', point: 'triangle', dash: [2, 3] },
  { colour: '#330072', point: 'rectRot', dash: [9, 3, 2, 3] },
  { colour: '#00787a', point: 'crossRot', dash: [12, 4] },
  { colour: '#7c2855', point: 'star', dash: [4, 2] },
  { colour: '#425563', point: 'circle', dash: [1, 3] },
  { colour: '#ae2573', point: 'rect', dash: [] },
  { colour: '#003087', point: 'triangle', dash: [6, 3] },
  { colour: '#006747', point: 'rectRot', dash: [2, 3] },
];
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const UNIT = { year: ['year', 'years'], quarter: ['quarter', 'quarters'], month: ['month', 'months'] };

// ---------------------------------------------------------------------------------
// State <-> URL

function emptyState() {
  return { place: '', segment: '', community: '', from: '', to: '', interval: DEFAULT_INTERVAL, show: null, minCount: '' };
}

/** Reads the state from a query string. Unknown parameters are ignored. */
export function stateFromQuery(search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  for (const facet of FILTERS) state[facet] = (params.get(facet) || '').trim();
  state.from = dateParam(params, 'from', 'start');
  state.to = dateParam(params, 'to', 'end');
  const interval = params.get('interval');
  state.interval = INTERVALS.includes(interval) ? interval : DEFAULT_INTERVAL;
  if (params.has('show')) state.show = [...new Set(params.getAll('show').map((v) => v.trim()).filter(Boolean))];
  const minCount = (params.get('min_count') || '').trim();
  state.minCount = /^\d{1,6}$/.test(minCount) && Number(minCount) >= 1 ? minCount : '';
  return state;
}

/** The page's own query string: only what differs from the defaults. */
export function queryFromState(state) {
  const params = new URLSearchParams();
  for (const facet of FILTERS) if (state[facet]) params.set(facet, state[facet]);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.interval !== DEFAULT_INTERVAL) params.set('interval', state.interval);
  if (state.show) {
    if (state.show.length) for (const theme of state.show) params.append('show', theme);
    else params.set('show', '');
  }
  if (state.minCount) params.set('min_count', state.minCount);
  const query = params.toString();
  return query ? '?' + query : '';
}

/** The /api/trends query string for a state. */
export function trendParams(state) {
  const params = new URLSearchParams();
  for (const facet of FILTERS) if (state[facet]) params.set(facet, state[facet]);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  params.set('interval', state.interval);
  if (state.minCount) params.set('min_count', state.minCount);
  return params;
}

function hasFilters(state) {
  return FILTERS.some((f) => state[f]) || Boolean(state.from || state.to);
}

// ---------------------------------------------------------------------------------
// Periods: "2024", "2024-Q1", "2024-03"

function parsePeriod(period) {
  let m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return { interval: 'quarter', year: Number(m[1]), n: Number(m[2]) };
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return { interval: 'month', year: Number(m[1]), n: Number(m[2]) };
  m = /^(\d{4})$/.exec(period);
  if (m) return { interval: 'year', year: Number(m[1]), n: 1 };
  return null;
}

/** "2024-Q1" -> "Jan to Mar 2024"; "2024-03" -> "March 2024" (short: "Mar 2024"). */
export function periodLabel(period, { short = false } = {}) {
  const p = parsePeriod(period);
  if (!p) return period;
  if (p.interval === 'quarter') {
    const first = (p.n - 1) * 3;
    return `${MONTHS_SHORT[first]} to ${MONTHS_SHORT[first + 2]} ${p.year}`;
  }
  if (p.interval === 'month') return `${(short ? MONTHS_SHORT : MONTHS_LONG)[p.n - 1]} ${p.year}`;
  return String(p.year);
}

function nextPeriod(period) {
  const p = parsePeriod(period);
  if (p.interval === 'year') return String(p.year + 1);
  if (p.interval === 'quarter') return p.n === 4 ? `${p.year + 1}-Q1` : `${p.year}-Q${p.n + 1}`;
  return p.n === 12 ? `${p.year + 1}-01` : `${p.year}-${String(p.n + 1).padStart(2, '0')}`;
}

/**
 * Every period from the first to the last the API gave, with the ones it left out (no
 * dated passages) in between, so that the time axis is even. Returns the periods and,
 * for each, its index in the API's lists or -1 (a count of 0).
 */
export function evenPeriods(periods) {
  if (!periods.length || periods.some((p) => !parsePeriod(p))) return { periods: [...periods], index: periods.map((_, i) => i) };
  const all = [];
  const last = periods[periods.length - 1];
  for (let p = periods[0]; all.length < 2000; p = nextPeriod(p)) {
    all.push(p);
    if (p === last) break;
  }
  const position = new Map(periods.map((p, i) => [p, i]));
  return { periods: all, index: all.map((p) => (position.has(p) ? position.get(p) : -1)) };
}

// ---------------------------------------------------------------------------------
// Running

let current = emptyState();
let generation = 0;
let controller = null;
let facets = null;
let kinds = [];
let trends = null;
let chart = null;
const chartLibrary = import('/vendor/chartjs/chart.umd.min.js')
  .then(() => globalThis.Chart || null)
  .catch(() => null);

async function loadFacets() {
  // The equality monitoring groups are the coverage table's rows marked `equality`.
  const equalityRows = getJson('/api/coverage')
    .then((coverage) => new Set((coverage.rows || []).filter((r) => r.equality).map((r) => r.community)))
    .catch(() => new Set());
  try {
    const response = await getJson('/api/facets');
    facets = response.facets || {};
  } catch (error) {
    facets = {};
    showErrorSummary($('error-summary-slot'), [{ text: 'The lists of places, segments and communities could not be loaded: ' + friendlyMessage(error.message), href: '#place' }], { focus: false });
  }
  kinds = insightKinds(facets.kind);
  fillTaxonomySelect($('place'), facets.place || []);
  fillTaxonomySelect($('segment'), facets.segment || []);
  const equality = await equalityRows;
  fillTaxonomySelect($('community'), facets.community || [], {
    label: (v) => (depth(v.value) > 1 ? tagLabel('community', v.value) : v.label || v.value),
    groups: equality.size
      ? [
        { label: 'Communities of interest', test: (value) => !equality.has(value) },
        { label: 'Equality monitoring (survey respondents)', test: (value) => equality.has(value) },
      ]
      : null,
  });
}

async function navigate(state, { push = true, focus = null } = {}) {
  current = state;
  const url = location.pathname + queryFromState(state);
  if (push) {
    if (url !== location.pathname + location.search) history.pushState(null, '', url);
  } else {
    history.replaceState(null, '', url);
  }
  await run(state, focus);
}

async function run(state, focus) {
  current = state;
  const mine = ++generation;
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  fillForm(state);
  document.body.classList.add('app-loading');
  $('emerging-body').setAttribute('aria-busy', 'true');
  let response;
  // new topics are asked for at the same time; an error there leaves the rest standing
  const topicsAnswer = getJson('/api/topics?' + trendParams(state), { signal }).catch((error) => error);
  try {
    response = await getJson('/api/trends?' + trendParams(state), { signal });
  } catch (error) {
    if (error.name === 'AbortError' || mine !== generation) return;
    showApiError(error);
    finish();
    return;
  }
  if (mine !== generation) return;
  trends = response;
  showErrorSummary($('error-summary-slot'), []);
  clearDateError();
  // Values from the URL as the lists have them ("Leeds" -> "West Yorkshire/Leeds").
  const resolved = { ...state };
  for (const facet of FILTERS) resolved[facet] = matchOption($(facet), state[facet]) || state[facet];
  current = resolved;
  const url = location.pathname + queryFromState(resolved);
  if (url !== location.pathname + location.search) history.replaceState(null, '', url);
  fillForm(resolved);
  renderSummary(response);
  renderEmerging(response, resolved);
  const topics = await topicsAnswer;
  if (mine !== generation) return;
  renderTopics(topics, resolved);
  renderThemeChoices(response, resolved);
  await renderChart(response, resolved);
  if (mine !== generation) return;
  finish();
  restoreFocus(focus);
}

function finish() {
  document.body.classList.remove('app-loading');
  $('emerging-body').removeAttribute('aria-busy');
}

function restoreFocus(focus) {
  if (!focus) return;
  const target = document.getElementById(focus.id);
  if (target) target.focus({ preventScroll: !focus.scroll });
}

function showApiError(error) {
  const message = friendlyMessage(error.message);
  let href = '#place';
  if (error.code === 'invalid_date') {
    href = showDateError(message);
  } else if (/community/i.test(message)) href = '#community';
  else if (/segment/i.test(message)) href = '#segment';
  showErrorSummary($('error-summary-slot'), [{ text: message, href }]);
  $('trend-summary').textContent = 'The themes could not be counted';
  $('emerging-rule').replaceChildren();
  $('emerging-body').replaceChildren();
  $('suppression-slot').replaceChildren();
  $('theme-choices').replaceChildren();
  $('chart-table-slot').replaceChildren();
  destroyChart();
  $('chart-box').replaceChildren();
}

// ---------------------------------------------------------------------------------
// The form

function fillForm(state) {
  for (const facet of FILTERS) {
    const select = $(facet);
    const value = matchOption(select, state[facet]);
    select.value = value;
  }
  $('interval').value = state.interval;
  fillDates(state);
  $('clear-filters-wrapper').hidden = !hasFilters(state);
}

function onSubmit(event) {
  event.preventDefault();
  const dates = submitDates();
  if (!dates) return;
  navigate({ ...current, ...dates }, { focus: { id: 'trend-summary' } });
}

// ---------------------------------------------------------------------------------
// Summary and the suppression note

function renderSummary(response) {
  const periods = response.periods || [];
  const unit = UNIT[response.interval] || UNIT.quarter;
  let text;
  if (!periods.length) {
    text = 'No dated passages of insight match these filters.';
  } else {
    const first = periodLabel(periods[0]);
    const last = periodLabel(periods[periods.length - 1]);
    text = periods.length === 1 ? `Passages dated in ${first}, counted by ${unit[0]}. ` : `Passages dated from ${first} to ${last}, counted by ${unit[0]}. `;
    const n = (response.emerging || []).length;
    text += n === 0 ? 'No theme is emerging.' : n === 1 ? '1 theme is emerging.' : `${numberFormat.format(n)} themes are emerging.`;
  }
  $('trend-summary').textContent = text;
  $('trend-summary').dataset.periods = String(periods.length);
  const suppressed = response.suppressed === true
    || (response.totals || []).some(isSuppressed)
    || (response.themes || []).some((t) => t.counts.some(isSuppressed));
  $('suppression-slot').replaceChildren(suppressed
    ? el('div', { className: 'nhsuk-inset-text app-suppressed-inset' },
      hidden('Information: '),
      el('p', {}, 'These filters include an equality monitoring group, so every count here comes from survey equality monitoring.'),
      suppressionNote({ threshold: 5 }))
    : []);
}

// ---------------------------------------------------------------------------------
// Emerging themes

function percent(share) {
  return `${(share * 100).toFixed(1)}%`;
}

/** q (or p) as a reader takes it in: "< 0.001" below that, else three decimals. */
function chance(q) {
  return q < 0.001 ? '< 0.001' : q.toFixed(3);
}

function points(change) {
  const text = Math.abs(change).toFixed(1);
  return change > 0 ? `+${text}` : change < 0 ? `−${text}` : text;
}

/** A theme's name with its parent for a subtheme ("Access › Waiting times"). */
function themeName(theme) {
  return String(theme).split('/').join(' › ');
}

function themeLink(theme, state) {
  const filters = { theme };
  for (const facet of FILTERS) if (state[facet]) filters[facet] = state[facet];
  if (state.from) filters.from = state.from;
  if (state.to) filters.to = state.to;
  return searchHref(filters, { kinds });
}

function renderEmerging(response, state) {
  const rule = $('emerging-rule');
  const body = $('emerging-body');
  const emerging = response.emerging || [];
  const heldBack = response.held_back || [];
  const periods = response.periods || [];
  const minCount = numberFormat.format(response.min_count);
  const minSources = numberFormat.format(response.min_sources);
  const latest = periods[periods.length - 1];
  const baseline = periods.slice(Math.max(0, periods.length - 5), periods.length - 1);
  const baselineText = baseline.length > 1
    ? `${periodLabel(baseline[0])} to ${periodLabel(baseline[baseline.length - 1])}`
    : baseline.length ? periodLabel(baseline[0]) : '';
  rule.replaceChildren(
    'A theme is emerging when its share of all passages in the latest period is higher than in the periods before it',
    ...(baseline.length
      ? [': here ', el('strong', {}, periodLabel(latest)), ' against ', el('strong', {}, baselineText), ', '
        + 'by more than chance would give when every theme is tested at once (a one-sided test of two proportions; '
        + 'Benjamini-Hochberg, so that at most 5% of the themes called emerging are expected to be chance: q is at most 0.05). ']
      : [', up to four periods before, by more than chance would give. ']),
    el('strong', { id: 'emerging-min' }, `A theme needs at least ${minCount} passages in the latest period, from at least ${minSources} sources`),
    ', so that a handful of comments, or one report’s many paragraphs, is not called a trend. The share is the theme’s passages out of all passages in that period; a passage can carry several themes, so shares add up to more than 100%. The most certain rises come first, up to 10.',
  );
  rule.dataset.minCount = String(response.min_count);
  const held = heldBack.length
    ? el('p', { className: 'nhsuk-body app-held-back', id: 'held-back' },
      'Rising but not claimed: ',
      ...heldBack.flatMap((h, i) => [
        i ? '; ' : '',
        el('a', { className: 'nhsuk-link', href: themeLink(h.theme, state) }, themeName(h.theme)),
        h.reason === 'sources'
          ? ` (${numberFormat.format(h.count)} passages from ${numberFormat.format(h.sources)} ${h.sources === 1 ? 'source' : 'sources'})`
          : ` (within chance: q = ${chance(h.q_value)})`,
      ]), '.')
    : null;
  if (!emerging.length) {
    let why;
    if (periods.length < 2) why = 'There is only one period with dated passages, so there is nothing to compare it with.';
    else why = `No theme with at least ${minCount} passages from ${minSources} sources in ${periodLabel(latest)} rose by more than chance against ${baselineText}.`;
    body.replaceChildren(el('p', { className: 'nhsuk-body app-none', id: 'no-emerging' }, why), ...(held ? [held] : []));
    return;
  }
  const period = emerging[0].period;
  // An NHS.UK responsive table: on a phone each row is a card, each cell with its heading.
  const headings = [
    `Passages in ${periodLabel(period)}`,
    'Sources',
    'Survey respondents',
    `Share in ${periodLabel(period)}`,
    `Share in ${baselineText}`,
    'Change in share',
    'q (chance)',
  ];
  const header = (text, extra = '') => el('th', { scope: 'col', className: `nhsuk-table__header ${extra}`.trim(), attrs: { role: 'columnheader' } }, text);
  const table = el(
    'table',
    { className: 'nhsuk-table nhsuk-table--responsive app-emerging-table', id: 'emerging-table', attrs: { role: 'table' }, dataset: { period } },
    el('caption', { className: 'nhsuk-table__caption nhsuk-table__caption--s' },
      `Rising themes: ${periodLabel(period)} compared with ${baselineText}`),
    el('thead', { className: 'nhsuk-table__head', attrs: { role: 'rowgroup' } },
      el('tr', { className: 'nhsuk-table__row', attrs: { role: 'row' } },
        header('Theme'),
        header(headings[0], 'app-num'),
        header(headings[1], 'app-num'),
        header(headings[2], 'app-num'),
        header('Share', 'app-num'),
        header(['Share in ', baselineText], 'app-num'),
        header(['Change', hidden(' in share'), ' (', hidden('percentage '), 'points)'], 'app-num'),
        header(headings[6], 'app-num'))),
    el('tbody', { className: 'nhsuk-table__body', attrs: { role: 'rowgroup' } },
      emerging.map((row) =>
        el('tr', { className: 'nhsuk-table__row', attrs: { role: 'row' }, dataset: { theme: row.theme } },
          el('th', { scope: 'row', className: 'nhsuk-table__header app-emerging__theme', attrs: { role: 'rowheader' } },
            el('a', { className: 'nhsuk-link', href: themeLink(row.theme, state) }, themeName(row.theme),
              hidden(': search these passages'))),
          cell(headings[0], countNode(row.count), row.count),
          cell(headings[1], numberFormat.format(row.sources), row.sources),
          cell(headings[2], numberFormat.format(row.respondents), row.respondents),
          cell(headings[3], percent(row.share), row.share),
          cell(headings[4], percent(row.baseline_share), row.baseline_share),
          cell(headings[5], [points(row.change_points), hidden(' percentage points')], row.change_points, 'app-change-up'),
          cell(headings[6], chance(row.q_value), row.q_value)))),
  );
  body.replaceChildren(table, ...(held ? [held] : []));
}

// ---------------------------------------------------------------------------------
// New topics

function renderTopics(answer, state) {
  const body = $('topics-body');
  if (answer instanceof Error) {
    body.replaceChildren(el('p', { className: 'nhsuk-body app-none', id: 'topics-error' },
      `New topics could not be found: ${answer.message}`));
    return;
  }
  const topics = answer.topics || [];
  if (!topics.length) {
    const why = answer.period
      ? `No word outside the taxonomy rose by more than chance in ${periodLabel(answer.period)}, with at least ${numberFormat.format(answer.min_count)} passages from ${numberFormat.format(answer.min_sources)} sources.`
      : 'There are not two periods with dated passages to compare.';
    body.replaceChildren(el('p', { className: 'nhsuk-body app-none', id: 'no-topics' }, why));
    return;
  }
  body.replaceChildren(el('ul', { className: 'nhsuk-list nhsuk-list--border', id: 'topics-list' },
    topics.map((topic) => el('li', { dataset: { word: topic.word } },
      el('a', { className: 'nhsuk-link', href: `${searchHref(filtersOf(state), { kinds })}&q=${encodeURIComponent(topic.phrase || topic.word)}` }, el('strong', {}, topic.phrase || topic.word)),
      ` – ${numberFormat.format(topic.count)} passages from ${numberFormat.format(topic.sources)} sources in ${periodLabel(answer.period)} `
        + `(${percent(topic.share)} of passages, against ${percent(topic.baseline_share)} before; q ${topic.q_value < 0.001 ? '' : '= '}${chance(topic.q_value)}). For example in: `,
      topic.examples.map((e) => e.title).join('; '), '.',
      el('details', { className: 'nhsuk-details app-topic-toml' },
        el('summary', { className: 'nhsuk-details__summary' }, el('span', { className: 'nhsuk-details__summary-text' }, `Add “${topic.phrase || topic.word}” to the taxonomy`)),
        el('div', { className: 'nhsuk-details__text' }, el('pre', {}, el('code', {}, topic.taxonomy_toml))))))));
}

/** The page's filters as search filters. */
function filtersOf(state) {
  const filters = {};
  for (const facet of FILTERS) if (state[facet]) filters[facet] = state[facet];
  if (state.from) filters.from = state.from;
  if (state.to) filters.to = state.to;
  return filters;
}

/** A responsive table cell: its column's heading (shown on a phone), then the value. */
function cell(heading, content, value, extra = '') {
  return el('td', { className: `nhsuk-table__cell app-num ${extra}`.trim(), attrs: { role: 'cell' }, dataset: { value: String(value) } },
    el('span', { className: 'nhsuk-table__heading', attrs: { 'aria-hidden': 'true' } }, heading, ' '),
    el('span', { className: 'app-cell-value' }, content));
}

// ---------------------------------------------------------------------------------
// Themes drawn

/** The top-level themes with the most passages in the counts shown, most first. */
function defaultThemes(response) {
  const ranked = (response.themes || [])
    .filter((t) => !t.theme.includes('/'))
    .map((t) => ({ theme: t.theme, rank: t.counts.reduce((sum, c) => sum + (isCount(c) ? c : 0), 0) }))
    .filter((t) => t.rank > 0 || (response.themes || []).length <= DEFAULT_THEMES)
    .sort((a, b) => b.rank - a.rank || a.theme.localeCompare(b.theme));
  return ranked.slice(0, DEFAULT_THEMES).map((t) => t.theme);
}

function drawnThemes(response, state) {
  const available = new Set((response.themes || []).map((t) => t.theme));
  const chosen = state.show ? state.show : defaultThemes(response);
  return chosen.filter((t) => available.has(t));
}

/** Taxonomy order of the themes, from /api/facets; themes it lacks go last. */
function taxonomyOrder(themes) {
  const order = new Map(((facets && facets.theme) || []).map((v, i) => [v.value, i]));
  return treeOrder(themes.map((t) => ({ value: t.theme, count: null, order: order.has(t.theme) ? order.get(t.theme) : 1e6 }))
    .sort((a, b) => a.order - b.order || a.value.localeCompare(b.value)), { keepOrder: true });
}

function renderThemeChoices(response, state) {
  const box = $('theme-choices');
  const drawn = new Set(drawnThemes(response, state));
  const themes = taxonomyOrder(response.themes || []);
  if (!themes.length) {
    box.replaceChildren(el('p', { className: 'nhsuk-body-s app-none' }, 'No themes to draw.'));
    return;
  }
  const minDepth = Math.min(...themes.map((t) => depth(t.value)));
  box.replaceChildren(...themes.map((t) =>
    facetItem('theme', { value: t.value, count: null }, {
      checked: drawn.has(t.value),
      indent: depth(t.value) - minDepth,
      idPrefix: 'show',
      name: 'show',
      onChange: () => onThemeToggle(),
    })));
}

async function onThemeToggle() {
  const checked = [...document.querySelectorAll('#theme-choices input[name="show"]')].filter((i) => i.checked).map((i) => i.value);
  // Keep the order themes were chosen in, so that colours stay with their theme.
  const before = drawnThemes(trends, current).filter((t) => checked.includes(t));
  const added = checked.filter((t) => !before.includes(t));
  current = { ...current, show: [...before, ...added] };
  history.replaceState(null, '', location.pathname + queryFromState(current));
  await renderChart(trends, current);
}

// ---------------------------------------------------------------------------------
// The chart and its table

function destroyChart() {
  if (chart) {
    chart.destroy();
    chart = null;
  }
}

function seriesFor(index) {
  return SERIES[index % SERIES.length];
}

/** The numbers drawn: even periods, the total and the chosen themes' counts (0 for a period without passages). */
function chartData(response, state) {
  const { periods, index } = evenPeriods(response.periods || []);
  const pick = (list) => index.map((i) => (i === -1 ? 0 : list[i]));
  const byTheme = new Map((response.themes || []).map((t) => [t.theme, t.counts]));
  const themes = drawnThemes(response, state).map((theme) => ({ theme, counts: pick(byTheme.get(theme) || []) }));
  return { periods, totals: pick(response.totals || []), themes };
}

async function renderChart(response, state) {
  const data = chartData(response, state);
  const box = $('chart-box');
  const unit = UNIT[response.interval] || UNIT.quarter;
  destroyChart();
  renderTable(data, response);
  renderSentiment(data, response);
  if (!data.periods.length) {
    box.replaceChildren(el('p', { className: 'nhsuk-body app-none' }, 'There is nothing to draw: no dated passages of insight match these filters.'));
    return;
  }
  if (!data.themes.length) {
    box.replaceChildren(el('p', { className: 'nhsuk-body app-none', id: 'no-themes-drawn' }, 'Choose one or more themes to draw.'));
    return;
  }
  const Chart = await chartLibrary;
  if (!Chart) {
    box.replaceChildren(el('p', { className: 'nhsuk-body' }, 'The chart could not be drawn. The numbers are in the table below.'));
    const details = $('chart-table-details');
    if (details) details.open = true;
    return;
  }
  const names = data.themes.map((t) => themeName(t.theme));
  const description = `Line chart of passages per ${unit[0]} from ${periodLabel(data.periods[0])} to ${periodLabel(data.periods[data.periods.length - 1])} for ${names.length === 1 ? 'the theme' : `${names.length} themes`}: ${names.join(', ')}. The numbers are in the table below the chart.`;
  const canvas = el('canvas', { id: 'trend-canvas', attrs: { role: 'img', 'aria-label': description } },
    el('p', {}, description));
  const legend = el('ul', { className: 'app-legend app-trend-legend', attrs: { 'aria-hidden': 'true' } },
    data.themes.map((t, i) => el('li', { className: 'app-legend__item' }, swatch(seriesFor(i)), themeName(t.theme))));
  box.replaceChildren(el('div', { className: 'app-trend-chart__canvas' }, canvas), legend);
  const font = { family: '"Frutiger W01", Arial, sans-serif', size: 14 };
  chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels: data.periods.map((p) => periodLabel(p, { short: true })),
      datasets: data.themes.map((t, i) => {
        const s = seriesFor(i);
        return {
          label: themeName(t.theme),
          // a suppressed count ("<5", "[c]") is no point: the line breaks there
          data: t.counts.map((c) => (isCount(c) ? c : null)),
          borderColor: s.colour,
          backgroundColor: s.colour,
          borderDash: s.dash,
          borderWidth: 2.5,
          pointStyle: s.point,
          pointRadius: 4,
          pointHoverRadius: 6,
          spanGaps: false,
          tension: 0,
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (context) => {
              const count = data.themes[context.datasetIndex].counts[context.dataIndex];
              return `${context.dataset.label}: ${isCount(count) ? numberFormat.format(count) : count}`;
            },
          },
        },
      },
      scales: {
        x: { offset: true, ticks: { color: '#4c6272', font, maxRotation: 0, autoSkip: true }, grid: { display: false } },
        y: {
          beginAtZero: true,
          ticks: { color: '#4c6272', font, precision: 0 },
          grid: { color: '#e8edee' },
          title: { display: true, text: 'Passages', color: '#4c6272', font },
        },
      },
    },
  });
}

function swatch(series) {
  const dash = series.dash.join(' ');
  return el(
    'svg:svg',
    { className: 'app-legend__swatch', viewBox: '0 0 28 12', width: '28', height: '12', 'aria-hidden': 'true', focusable: 'false' },
    el('svg:line', { x1: '1', y1: '6', x2: '27', y2: '6', stroke: series.colour, 'stroke-width': '2.5', 'stroke-dasharray': dash }),
    el('svg:circle', { cx: '14', cy: '6', r: '3.5', fill: series.colour }),
  );
}

function renderTable(data, response) {
  const slot = $('chart-table-slot');
  // the server's table is open (it is all there is without a chart): it folds away now
  const previous = $('chart-table-details');
  const wasOpen = previous && !previous.hasAttribute('data-server') ? previous.open : false;
  if (!data.periods.length) {
    slot.replaceChildren();
    return;
  }
  const unit = UNIT[response.interval] || UNIT.quarter;
  const captionId = 'trend-table-caption';
  const table = el(
    'table',
    { className: 'nhsuk-table app-trend-table', id: 'trend-table' },
    el('caption', { className: 'nhsuk-table__caption nhsuk-table__caption--s', id: captionId },
      `Passages per ${unit[0]}: all passages and the themes drawn`),
    el('thead', { className: 'nhsuk-table__head' },
      el('tr', {},
        el('th', { scope: 'col', className: 'nhsuk-table__header' }, unit[0].charAt(0).toUpperCase() + unit[0].slice(1)),
        el('th', { scope: 'col', className: 'nhsuk-table__header app-num' }, 'All passages'),
        data.themes.map((t) => el('th', { scope: 'col', className: 'nhsuk-table__header app-num', dataset: { theme: t.theme } }, themeName(t.theme))))),
    el('tbody', { className: 'nhsuk-table__body' },
      data.periods.map((period, i) =>
        el('tr', { className: 'nhsuk-table__row', dataset: { period } },
          el('th', { scope: 'row', className: 'nhsuk-table__cell' }, periodLabel(period)),
          el('td', { className: 'nhsuk-table__cell app-num' }, countNode(data.totals[i])),
          data.themes.map((t) => el('td', { className: 'nhsuk-table__cell app-num' }, countNode(t.counts[i])))))),
  );
  const details = el(
    'details',
    { className: 'nhsuk-details app-chart-details', id: 'chart-table-details', open: wasOpen },
    el('summary', { className: 'nhsuk-details__summary' },
      el('span', { className: 'nhsuk-details__summary-text' }, 'Show the numbers in a table')),
    el('div', { className: 'nhsuk-details__text' },
      el('p', { className: 'nhsuk-body-s app-hint-text' },
        `A ${unit[0]} with no dated passages counts 0.`,
        (response.totals || []).some(isSuppressed) || (response.themes || []).some((t) => t.counts.some(isSuppressed))
          ? ' <5 and [c] are suppressed counts; they are left out of the chart.' : null),
      el('div', { className: 'app-table-scroll', attrs: { role: 'region', 'aria-labelledby': captionId, tabindex: '0' } }, table)),
  );
  slot.replaceChildren(details);
}

/** The negative share per period for the themes drawn, as the server renders it. */
function renderSentiment(data, response) {
  const body = $('sentiment-body');
  const { periods, index } = evenPeriods(response.periods || []);
  const series = data.themes.map((t) => (response.themes || []).find((x) => x.theme === t.theme)).filter(Boolean);
  if (!series.some((t) => (t.judged || []).some((j) => j > 0))) {
    body.replaceChildren(el('p', { className: 'nhsuk-body app-none', id: 'no-sentiment' },
      'No comment of these themes was judged: sentiment needs a learned model beside the taxonomy (see ‘Learned tagging’ in the README).'));
    return;
  }
  const unit = UNIT[response.interval] || UNIT.quarter;
  const text = (t, i) => {
    const share = i === -1 ? null : t.negative_share[i];
    return share === null || share === undefined ? '–' : `${percent(share)} of ${numberFormat.format(t.judged[i])}`;
  };
  const captionId = 'sentiment-table-caption';
  body.replaceChildren(el('div', { className: 'app-table-scroll', attrs: { role: 'region', 'aria-labelledby': captionId, tabindex: '0' } },
    el('table', { className: 'nhsuk-table app-sentiment-table', id: 'sentiment-table' },
      el('caption', { className: 'nhsuk-table__caption nhsuk-table__caption--s', id: captionId }, `Negative comments per ${unit[0]}, of those judged`),
      el('thead', { className: 'nhsuk-table__head' },
        el('tr', {},
          el('th', { scope: 'col', className: 'nhsuk-table__header' }, unit[0].charAt(0).toUpperCase() + unit[0].slice(1)),
          series.map((t) => el('th', { scope: 'col', className: 'nhsuk-table__header app-num', dataset: { theme: t.theme } }, themeName(t.theme))))),
      el('tbody', { className: 'nhsuk-table__body' },
        periods.map((period, p) => el('tr', { className: 'nhsuk-table__row', dataset: { period } },
          el('th', { scope: 'row', className: 'nhsuk-table__cell' }, periodLabel(period)),
          series.map((t) => el('td', { className: 'nhsuk-table__cell app-num' }, text(t, index[p])))))))));
}

// ---------------------------------------------------------------------------------
// Start

async function start() {
  initAll();
  $('trend-filters').addEventListener('submit', onSubmit);
  for (const id of [...FILTERS, 'interval']) {
    $(id).addEventListener('change', () => {
      const next = { ...current, [id]: $(id).value };
      navigate(next, { focus: { id } });
    });
  }
  $('clear-filters').addEventListener('click', (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate({ ...emptyState(), interval: current.interval, show: current.show }, { focus: { id: 'trend-summary' } });
  });
  window.addEventListener('popstate', () => {
    run(stateFromQuery(location.search), null);
  });
  await loadFacets();
  await navigate(stateFromQuery(location.search), { push: false });
}

start();
