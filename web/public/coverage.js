// The "Who has been heard" page: the coverage matrix from /api/coverage as a heat map
// (communities of interest as rows, the five places or the segments as columns), the
// equality monitoring groups in a section of their own, and, per column, the
// communities not heard from at all. The server renders the same table from the same
// URL (with an "Apply filters" button); here the lists and the columns apply as soon as
// they change, without leaving the page.
//
// All state lives in the URL: by (place unless given), segment, theme, kind, from, to
// and gap_below. Each cell links to the search page filtered on its community and
// column (and the page's filters), limited to the kinds of insight the table counts,
// so that the search's total is the cell's number. Counts can be suppressed strings
// ("<5", "[c]"): they are written as they are and coloured as small or hidden, never
// added up.

import { initAll } from '/vendor/nhsuk/nhsuk-frontend.min.js';
import {
  clearDateError,
  countNode,
  el,
  fillTaxonomySelect,
  friendlyMessage,
  getJson,
  hidden,
  insightKinds,
  isCount,
  lastPart,
  matchOption,
  numberFormat,
  searchHref,
  sentence,
  showDateError,
  showErrorSummary,
  submitDates,
  suppressionNote,
  tagLabel,
  dateParam,
  fillDates,
} from './common.js';

const $ = (id) => document.getElementById(id);

const BYS = ['place', 'segment'];
const SELECTS = ['segment', 'theme', 'kind'];
const BY_WORDS = { place: ['place', 'places'], segment: ['segment', 'segments'] };
/** Heat levels by passages: the lower bound of each level above 0. */
const LEVELS = [
  { min: 1, label: '1 to 4' },
  { min: 5, label: '5 to 19' },
  { min: 20, label: '20 to 99' },
  { min: 100, label: '100 to 499' },
  { min: 500, label: '500 or more' },
];

// ---------------------------------------------------------------------------------
// State <-> URL

function emptyState() {
  return { by: 'place', segment: '', theme: '', kind: '', from: '', to: '', gapBelow: '' };
}

/** Reads the state from a query string. Unknown parameters are ignored. */
export function stateFromQuery(search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  const by = params.get('by');
  state.by = BYS.includes(by) ? by : 'place';
  for (const name of SELECTS) state[name] = (params.get(name) || '').trim();
  if (state.by === 'segment') state.segment = '';
  state.from = dateParam(params, 'from', 'start');
  state.to = dateParam(params, 'to', 'end');
  const gap = (params.get('gap_below') || '').trim();
  state.gapBelow = /^\d{1,6}$/.test(gap) && Number(gap) >= 1 ? gap : '';
  return state;
}

/** The filters shared by the page, the API and the cells' search links. */
function filterParams(state) {
  const params = new URLSearchParams();
  for (const name of SELECTS) if (state[name] && !(name === 'segment' && state.by === 'segment')) params.set(name, state[name]);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  return params;
}

/** The page's own query string: only what differs from the defaults. */
export function queryFromState(state) {
  const params = filterParams(state);
  if (state.by !== 'place') params.set('by', state.by);
  if (state.gapBelow) params.set('gap_below', state.gapBelow);
  const query = params.toString();
  return query ? '?' + query : '';
}

/** The /api/coverage query string for a state. */
export function coverageParams(state) {
  const params = filterParams(state);
  params.set('by', state.by);
  if (state.gapBelow) params.set('gap_below', state.gapBelow);
  return params;
}

function hasFilters(state) {
  return SELECTS.some((name) => state[name]) || Boolean(state.from || state.to);
}

// ---------------------------------------------------------------------------------
// Running

let current = emptyState();
let generation = 0;
let controller = null;
let facets = {};
let kinds = [];

async function loadFacets() {
  try {
    facets = (await getJson('/api/facets')).facets || {};
  } catch (error) {
    facets = {};
    showErrorSummary($('error-summary-slot'), [{ text: 'The lists of segments, themes and kinds could not be loaded: ' + friendlyMessage(error.message), href: '#segment' }], { focus: false });
  }
  kinds = insightKinds(facets.kind);
  fillTaxonomySelect($('segment'), facets.segment || []);
  fillTaxonomySelect($('theme'), facets.theme || []);
  fillTaxonomySelect($('kind'), facets.kind || [], { label: (v) => sentence(v.value) });
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
  $('coverage-body').setAttribute('aria-busy', 'true');
  let response;
  try {
    response = await getJson('/api/coverage?' + coverageParams(state), { signal });
  } catch (error) {
    if (error.name === 'AbortError' || mine !== generation) return;
    showApiError(error);
    finish();
    return;
  }
  if (mine !== generation) return;
  showErrorSummary($('error-summary-slot'), []);
  clearDateError();
  const resolved = { ...state };
  for (const name of SELECTS) resolved[name] = matchOption($(name), state[name]) || state[name];
  current = resolved;
  const url = location.pathname + queryFromState(resolved);
  if (url !== location.pathname + location.search) history.replaceState(null, '', url);
  fillForm(resolved);
  renderSummary(response);
  renderLegend(response);
  renderMatrix(response, resolved);
  renderUnheard(response);
  finish();
  restoreFocus(focus);
}

function finish() {
  document.body.classList.remove('app-loading');
  $('coverage-body').removeAttribute('aria-busy');
}

function restoreFocus(focus) {
  if (!focus) return;
  const target = document.getElementById(focus.id);
  if (target) target.focus({ preventScroll: !focus.scroll });
}

function showApiError(error) {
  const message = friendlyMessage(error.message);
  let href = '#segment';
  if (error.code === 'invalid_date') {
    href = showDateError(message);
  } else if (/theme/i.test(message)) href = '#theme';
  else if (/kind/i.test(message)) href = '#kind';
  showErrorSummary($('error-summary-slot'), [{ text: message, href }]);
  $('coverage-summary').textContent = 'The table could not be made';
  for (const id of ['coverage-legend', 'coverage-body', 'unheard-body']) $(id).replaceChildren();
}

// ---------------------------------------------------------------------------------
// The form

function fillForm(state) {
  $('by-place').checked = state.by === 'place';
  $('by-segment').checked = state.by === 'segment';
  for (const name of SELECTS) $(name).value = matchOption($(name), state[name]);
  // By segment, the segments are the columns: the segment filter is not offered.
  $('segment-group').hidden = state.by === 'segment';
  fillDates(state);
  $('clear-filters-wrapper').hidden = !hasFilters(state);
}

function onSubmit(event) {
  event.preventDefault();
  const dates = submitDates();
  if (!dates) return;
  navigate({ ...current, ...dates }, { focus: { id: 'coverage-summary' } });
}

// ---------------------------------------------------------------------------------
// Summary and legend

function renderSummary(response) {
  const words = BY_WORDS[response.by] || BY_WORDS.place;
  const main = (response.rows || []).filter((r) => !r.equality);
  const gaps = main.reduce((n, r) => n + r.cells.filter((c) => c.gap).length, 0);
  const unheard = new Set(Object.values(response.unheard || {}).flat());
  $('coverage-summary').textContent =
    `${numberFormat.format(main.length)} communities of interest by ${words[0]}: ` +
    `${gaps === 1 ? '1 gap' : `${numberFormat.format(gaps)} gaps`} (fewer than ${numberFormat.format(response.gap_threshold)} passages), ` +
    `and ${unheard.size === 1 ? '1 community' : `${numberFormat.format(unheard.size)} communities`} not heard from in at least one ${words[0]}.`;
}

/** The heat level of a count: 0 for none, 1-5 by size, 'hidden' for "[c]". */
export function heatLevel(count) {
  if (isCount(count)) {
    let level = 0;
    LEVELS.forEach((l, i) => {
      if (count >= l.min) level = i + 1;
    });
    return String(level);
  }
  if (/^</.test(String(count))) return '1'; // "<5": from 1 to 4
  return 'hidden';
}

function renderLegend(response) {
  const swatch = (level, extra = '') => el('span', { className: `app-heat-key__swatch app-heat--${level} ${extra}`.trim(), attrs: { 'aria-hidden': 'true' } });
  const gap = numberFormat.format(response.gap_threshold);
  $('coverage-legend').replaceChildren(
    el('div', { className: 'app-heat-key', id: 'heat-key' },
      el('h3', { className: 'nhsuk-heading-xs app-heat-key__heading' }, 'Key'),
      el('p', { className: 'nhsuk-body-s app-hint-text' },
        'Each cell gives the passages of insight from a community in a ', (BY_WORDS[response.by] || BY_WORDS.place)[0],
        ', with the number of sources (reports, surveys, notes) below. The darker the cell, the more passages. Select a cell to search them.'),
      el('ul', { className: 'app-heat-key__list' },
        el('li', {}, swatch('0'), 'None'),
        LEVELS.map((l, i) => el('li', {}, swatch(String(i + 1)), i === 0 ? `${l.label} (or <${response.suppression_threshold})` : l.label)),
        el('li', {}, swatch('hidden'), '[c]: hidden'),
        el('li', {}, swatch('0', 'app-heat--gap'), `Gap: fewer than ${gap} passages, or a hidden count (dashed border, striped)`)),
      suppressionNote({ threshold: response.suppression_threshold, id: 'coverage-suppression-note' })),
  );
}

// ---------------------------------------------------------------------------------
// The matrix

function columnLabel(column) {
  return lastPart(column);
}

function communityName(row) {
  return row.depth > 1 ? tagLabel('community', row.community) : row.label || row.community;
}

/** Whether the search can filter on a community: equality groups may be refused. */
function searchable(row) {
  if (!row.equality) return true;
  return (facets.community || []).some((v) => v.value === row.community);
}

function cellHref(row, column, state) {
  const filters = { community: row.community };
  for (const [name, value] of filterParams(state)) filters[name] = value;
  if (column) filters[state.by] = column;
  return searchHref(filters, { kinds });
}

/** What a gap means: fewer passages than the threshold, or a hidden count ("[c]", which
 * the API always counts as a gap although it may hide more). */
function gapWords(cell, response) {
  if (isCount(cell.passages) || /^</.test(String(cell.passages))) return `Gap: fewer than ${response.gap_threshold} passages`;
  return 'Gap: the number is hidden, so it is counted as a gap';
}

function heatCell(row, cell, state, response) {
  const level = heatLevel(cell.passages);
  const place = columnLabel(cell.column);
  const content = [
    hidden(`${communityName(row)}, ${place}: `),
    el('span', { className: 'app-heat__passages' }, countNode(cell.passages, { units: ['passage', 'passages'] })),
    el('span', { className: 'app-heat__sources' },
      hidden(' from '), countNode(cell.sources), cell.sources === 1 ? ' source' : ' sources'),
    cell.gap ? hidden(`. ${gapWords(cell, response)}`) : null,
  ];
  const classes = ['app-heat', `app-heat--${level}`];
  if (cell.gap) classes.push('app-heat--gap');
  return el(
    'td',
    {
      className: classes.join(' '),
      dataset: {
        column: cell.column,
        passages: String(cell.passages),
        sources: String(cell.sources),
        gap: String(Boolean(cell.gap)),
      },
      title: cell.gap ? gapWords(cell, response) : null,
    },
    searchable(row)
      ? el('a', { className: 'app-heat__link', href: cellHref(row, cell.column, state) }, content)
      : el('span', { className: 'app-heat__text' }, content),
  );
}

function totalCell(row, state) {
  const content = [
    hidden(`${communityName(row)}, all: `),
    el('span', { className: 'app-heat__passages' }, countNode(row.total_passages, { units: ['passage', 'passages'] })),
    el('span', { className: 'app-heat__sources' }, hidden(' from '), countNode(row.total_sources), row.total_sources === 1 ? ' source' : ' sources'),
  ];
  return el(
    'td',
    { className: 'app-heat-total', dataset: { passages: String(row.total_passages), sources: String(row.total_sources) } },
    searchable(row) ? el('a', { className: 'app-heat__link', href: cellHref(row, null, state) }, content) : content,
  );
}

function rowHeader(row) {
  const parts = row.community.split('/');
  return el(
    'th',
    { scope: 'row', className: 'app-coverage__community', attrs: { style: `--app-indent:${Math.max(0, row.depth - 1)}` } },
    row.depth > 1 ? el('span', { className: 'app-coverage__child' }, hidden(`${parts[parts.length - 2]}: `), row.label || lastPart(row.community)) : row.label || row.community,
  );
}

function matrixTable(rows, response, state, { id, caption }) {
  const words = BY_WORDS[response.by] || BY_WORDS.place;
  return el(
    'div',
    { className: 'app-table-scroll app-coverage-scroll', attrs: { role: 'region', 'aria-labelledby': `${id}-caption`, tabindex: '0' } },
    el(
      'table',
      { className: 'app-coverage', id, dataset: { by: response.by } },
      el('caption', { className: 'nhsuk-table__caption nhsuk-table__caption--s app-coverage__caption', id: `${id}-caption` }, caption),
      el('thead', {},
        el('tr', {},
          el('th', { scope: 'col', className: 'app-coverage__corner' }, 'Community'),
          response.columns.map((column) => el('th', { scope: 'col', className: 'app-coverage__column', dataset: { column }, title: column.split('/').join(' › ') }, columnLabel(column))),
          el('th', { scope: 'col', className: 'app-coverage__column app-coverage__column--total' }, `All ${words[1]}`, hidden(' and none')))),
      el('tbody', {},
        rows.map((row) =>
          el('tr', { dataset: { community: row.community, equality: String(row.equality) } },
            rowHeader(row),
            row.cells.map((cell) => heatCell(row, cell, state, response)),
            totalCell(row, state)))),
    ),
  );
}

function renderMatrix(response, state) {
  const words = BY_WORDS[response.by] || BY_WORDS.place;
  const rows = response.rows || [];
  const main = rows.filter((r) => !r.equality);
  const equality = rows.filter((r) => r.equality);
  const wasOpen = $('equality-details')?.open || false;
  const body = $('coverage-body');
  const parts = [
    matrixTable(main, response, state, { id: 'coverage-table', caption: `Passages and sources by community of interest and ${words[0]}` }),
    el('p', { className: 'nhsuk-body-s app-hint-text' },
      `“All ${words[1]}” counts every passage from the community, including those about the whole of West Yorkshire or not about any one ${words[0]}; a passage about two ${words[1]} is counted in both.`),
  ];
  if (equality.length) {
    const linked = equality.some(searchable);
    parts.push(
      el('details', { className: 'nhsuk-details app-equality', id: 'equality-details', open: wasOpen },
        el('summary', { className: 'nhsuk-details__summary' },
          el('span', { className: 'nhsuk-details__summary-text' }, 'Equality monitoring (survey respondents)')),
        el('div', { className: 'nhsuk-details__text' },
          el('p', { className: 'nhsuk-body-s' },
            'Who answered the surveys, from the equality monitoring questions (age band, ethnicity, disability, sexual orientation, gender, deprivation decile). ',
            `Counts from 1 to ${response.suppression_threshold - 1} are shown as <${response.suppression_threshold}, and [c] hides a count that would let a small one be worked out, so that no one can be recognised.`,
            linked ? null : ' These groups cannot filter a search, so their cells are not links.'),
          matrixTable(equality, response, state, { id: 'equality-table', caption: `Survey respondents by equality monitoring group and ${words[0]}` }))),
    );
  }
  body.replaceChildren(...parts);
}

// ---------------------------------------------------------------------------------
// Not heard from

function renderUnheard(response) {
  const words = BY_WORDS[response.by] || BY_WORDS.place;
  const unheard = response.unheard || {};
  $('unheard-body').replaceChildren(
    el('p', { className: 'nhsuk-body' },
      `Communities of interest with no insight at all in a ${words[0]} under these filters. Equality monitoring groups are not listed.`),
    el('div', { className: 'app-unheard' },
      response.columns.map((column) => {
        const list = unheard[column] || [];
        return el('div', { className: 'app-unheard__column', dataset: { column } },
          el('h3', { className: 'nhsuk-heading-s app-unheard__heading' }, columnLabel(column),
            el('span', { className: 'app-heading-count' }, ` (${numberFormat.format(list.length)})`)),
          list.length
            ? el('ul', { className: 'nhsuk-list nhsuk-list--bullet app-unheard__list' },
              list.map((community) => el('li', { dataset: { community } }, tagLabel('community', community))))
            : el('p', { className: 'nhsuk-body-s app-none' }, 'Every community of interest has been heard from.'));
      })),
  );
}

// ---------------------------------------------------------------------------------
// Start

async function start() {
  initAll();
  $('coverage-filters').addEventListener('submit', onSubmit);
  for (const name of SELECTS) {
    $(name).addEventListener('change', () => navigate({ ...current, [name]: $(name).value }, { focus: { id: name } }));
  }
  for (const by of BYS) {
    $(`by-${by}`).addEventListener('change', () => {
      if (!$(`by-${by}`).checked) return;
      const next = { ...current, by };
      if (by === 'segment') next.segment = '';
      navigate(next, { focus: { id: `by-${by}` } });
    });
  }
  $('clear-filters').addEventListener('click', (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate({ ...emptyState(), by: current.by }, { focus: { id: 'coverage-summary' } });
  });
  // "Skip the table" moves focus without adding a #fragment to the URL's history.
  $('skip-table').addEventListener('click', (event) => {
    event.preventDefault();
    $('unheard-heading').focus();
    $('unheard-heading').scrollIntoView({ block: 'start' });
  });
  window.addEventListener('popstate', () => {
    run(stateFromQuery(location.search), null);
  });
  await loadFacets();
  await navigate(stateFromQuery(location.search), { push: false });
}

start();
