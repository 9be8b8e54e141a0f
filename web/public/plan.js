// The forward plan page: every forward-plan activity from /api/search
// (kind=forward plan activity, oldest first, 100 a page), filtered by place, target
// audience (community), status and the month it runs in. All state lives in the URL
// (each filter value repeated, month=yyyy-mm, page), as on the search page: every
// change pushes a history entry and popstate re-runs the list.

import { initAll } from '/vendor/nhsuk/nhsuk-frontend.min.js';
import {
  contactNode,
  keyHeaders,
  countNode,
  dateRangeNode,
  depth,
  el,
  facetItem,
  friendlyMessage,
  getJson,
  hidden,
  isCount,
  isSuppressed,
  metaRow,
  numberFormat,
  showErrorSummary,
  statusTag,
  suppressionNote,
  tagList,
  treeOrder,
} from './common.js';

const KIND = 'forward plan activity';
const PER_PAGE = 100;
/** The filters of this page, in the order shown, with their display names. */
const PLAN_FACETS = [
  ['status', 'Status'],
  ['place', 'Place'],
  ['community', 'Target audience'],
];
const STATUS_ORDER = ['planned', 'live', 'closed'];
const MONTH_FORMAT = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------
// State <-> URL

function emptyState() {
  return { filters: {}, month: '', page: 1 };
}

/** Reads the state from a query string. Unknown parameters are ignored. */
export function stateFromQuery(search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  for (const [facet] of PLAN_FACETS) {
    const values = params.getAll(facet).map((v) => v.trim()).filter(Boolean);
    if (values.length) state.filters[facet] = [...new Set(values)];
  }
  const month = (params.get('month') || '').trim();
  state.month = /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : '';
  const page = Number.parseInt(params.get('page') || '1', 10);
  state.page = Number.isFinite(page) && page >= 1 ? Math.min(page, 1000) : 1;
  return state;
}

/** The page's own query string: only what differs from the defaults. */
export function queryFromState(state) {
  const params = new URLSearchParams();
  for (const [facet] of PLAN_FACETS) {
    for (const value of state.filters[facet] || []) params.append(facet, value);
  }
  if (state.month) params.set('month', state.month);
  if (state.page > 1) params.set('page', String(state.page));
  const query = params.toString();
  return query ? '?' + query : '';
}

/** "2027-03" -> {from: "2027-03-01", to: "2027-03-31"}. */
export function monthRange(month) {
  const [year, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The /api/search query string for a state. */
export function searchParams(state) {
  const params = new URLSearchParams();
  params.set('kind', KIND);
  for (const [facet] of PLAN_FACETS) {
    for (const value of state.filters[facet] || []) params.append(facet, value);
  }
  if (state.month) {
    const { from, to } = monthRange(state.month);
    params.set('from', from);
    params.set('to', to);
  }
  params.set('sort', 'oldest');
  params.set('per_page', String(PER_PAGE));
  params.set('page', String(state.page));
  return params;
}

function cloneState(state) {
  return { ...state, filters: Object.fromEntries(Object.entries(state.filters).map(([k, v]) => [k, [...v]])) };
}

function hasFilters(state) {
  return Object.values(state.filters).some((v) => v.length) || Boolean(state.month);
}

// ---------------------------------------------------------------------------------
// Running the list

let current = emptyState();
let generation = 0;
let controller = null;

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
  ensureMonthOption(state.month);
  $('month').value = state.month;
  $('results').setAttribute('aria-busy', 'true');
  document.body.classList.add('app-loading');
  // Hits carry a 240-byte extract, not the whole description: the export of the same
  // list (NDJSON, every match with its full text) supplies the descriptions.
  const texts = fullTexts(state, signal);
  let response;
  try {
    response = await getJson('/api/search?' + searchParams(state), { signal });
    response.texts = await texts;
  } catch (error) {
    if (error.name === 'AbortError' || mine !== generation) return;
    if (noPlan(error)) {
      // an index without any forward plan: an empty plan, as the server renders it
      response = { total: 0, hits: [], facets: {}, filters: {}, page: 1, per_page: PER_PAGE, texts: new Map() };
    } else {
      showErrorSummary($('error-summary-slot'), [{ text: friendlyMessage(error.message), href: '#month' }]);
      $('result-count').textContent = 'The forward plan could not be shown';
      delete $('result-count').dataset.total;
      $('results').replaceChildren();
      $('pagination').replaceChildren();
      finish();
      return;
    }
  }
  if (mine !== generation) return;

  // A page past the end: go to the last page.
  if (response.hits.length === 0 && isCount(response.total) && response.total > 0 && state.page > 1) {
    const last = cloneState(state);
    last.page = Math.max(1, Math.ceil(response.total / PER_PAGE));
    if (last.page !== state.page) {
      navigate(last, { push: false, focus });
      return;
    }
  }

  // Adopt the filters as the API resolved them ("Leeds" -> "West Yorkshire/Leeds").
  const resolved = cloneState(state);
  resolved.filters = {};
  for (const [facet] of PLAN_FACETS) {
    const values = (response.filters && response.filters[facet]) || state.filters[facet];
    if (values && values.length) resolved.filters[facet] = [...values];
  }
  current = resolved;
  const url = location.pathname + queryFromState(resolved);
  if (url !== location.pathname + location.search) history.replaceState(null, '', url);
  try {
    // The document page's "Back to results" link falls back to this.
    sessionStorage.setItem('insight:last-search', url);
  } catch {
    /* storage may be unavailable */
  }

  showErrorSummary($('error-summary-slot'), []);
  renderFacets(response, resolved);
  if (Object.values(response.facets || {}).some((list) => list.some((v) => isSuppressed(v.count))) || isSuppressed(response.total)) {
    $('facets').append(suppressionNote({ id: 'facets-suppression-note' }));
  }
  renderCount(response, resolved);
  renderResults(response, response.texts);
  renderPagination(response, resolved);
  updateLinks(resolved);
  finish();
  restoreFocus(focus);
  linkReports(mine);
}

/** Whether the search was refused only because the index holds no forward plan (the kind is unknown). */
function noPlan(error) {
  return error.code === 'unknown_facet_value' && String(error.message).startsWith(`no kind \`${KIND}\``);
}

function finish() {
  $('results').removeAttribute('aria-busy');
  document.body.classList.remove('app-loading');
}

function restoreFocus(focus) {
  if (!focus) return;
  const target = (focus.id && document.getElementById(focus.id)) || (focus.fallback && document.getElementById(focus.fallback));
  if (target) {
    target.focus({ preventScroll: !focus.scroll });
    if (focus.scroll) target.scrollIntoView({ block: 'start' });
  }
}

/** "Clear all filters", and "Check a plan against this" pre-filled with the place and audience. */
function updateLinks(state) {
  $('clear-filters-wrapper').hidden = !hasFilters(state);
  const params = new URLSearchParams();
  for (const facet of ['place', 'community']) {
    for (const value of state.filters[facet] || []) params.append(facet, value);
  }
  const query = params.toString();
  $('check-link').href = '/check.html' + (query ? '?' + query : '');
}

// ---------------------------------------------------------------------------------
// Month

function monthLabel(month) {
  return MONTH_FORMAT.format(new Date(month + '-01T00:00:00Z'));
}

function addMonths(month, n) {
  const [year, m] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, m - 1 + n, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Fills the month list from the first to six months after the last month any activity starts in. */
async function loadMonths() {
  let first = null;
  let last = null;
  try {
    const timeline = await getJson('/api/timeline?' + new URLSearchParams({ kind: KIND, interval: 'month' }));
    const months = (timeline.periods || []).map((p) => p.period).filter((p) => /^\d{4}-\d{2}$/.test(p)).sort();
    if (months.length) {
      first = months[0];
      last = months[months.length - 1];
    }
  } catch {
    /* the list falls back to the year around today */
  }
  const today = new Date().toISOString().slice(0, 7);
  first = first ? (first < today ? first : today) : addMonths(today, -6);
  last = addMonths(last && last > today ? last : today, 6);
  const select = $('month');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'Any month'));
  let group = null;
  for (let month = first; month <= last; month = addMonths(month, 1)) {
    const year = month.slice(0, 4);
    if (!group || group.label !== year) {
      group = el('optgroup', { label: year });
      select.append(group);
    }
    group.append(el('option', { value: month }, monthLabel(month)));
  }
  ensureMonthOption(chosen);
  select.value = chosen;
}

/** Makes sure a month from the URL is in the list, even outside its range. */
function ensureMonthOption(month) {
  if (!month) return;
  const select = $('month');
  if ([...select.options].some((o) => o.value === month)) return;
  select.append(el('option', { value: month }, monthLabel(month)));
}

// ---------------------------------------------------------------------------------
// Filters

function renderFacets(response, state) {
  const container = $('facets');
  container.replaceChildren();
  for (const [facet, title] of PLAN_FACETS) {
    const selected = state.filters[facet] || [];
    const values = [...((response.facets && response.facets[facet]) || [])];
    for (const value of selected) {
      if (!values.some((v) => v.value === value)) values.push({ value, count: 0 });
    }
    if (values.length === 0) continue;
    const ordered = facet === 'status'
      ? [...values].sort((a, b) => rank(a.value) - rank(b.value))
      : treeOrder(values);
    const minDepth = Math.min(...values.map((v) => depth(v.value)));
    container.append(
      el(
        'div',
        { className: 'nhsuk-form-group app-facet-group' },
        el(
          'fieldset',
          { className: 'nhsuk-fieldset app-facet', id: `facet-${facet}`, dataset: { facet } },
          el('legend', { className: 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s app-facet__legend' },
            title, selected.length ? hidden(` (${selected.length} selected)`) : null),
          el(
            'div',
            { className: 'nhsuk-checkboxes nhsuk-checkboxes--small app-facet__list', id: `facet-${facet}-list` },
            ordered.map((v) =>
              facetItem(facet, v, {
                checked: selected.includes(v.value),
                indent: depth(v.value) - minDepth,
                units: ['activity', 'activities'],
                onChange: (checked, id) => {
                  const next = cloneState(current);
                  const list = new Set(next.filters[facet] || []);
                  if (checked) list.add(v.value);
                  else list.delete(v.value);
                  if (list.size) next.filters[facet] = [...list];
                  else delete next.filters[facet];
                  next.page = 1;
                  navigate(next, { focus: { id } });
                },
              })),
          ),
        ),
      ),
    );
  }
}

function rank(status) {
  const i = STATUS_ORDER.indexOf(status);
  return i === -1 ? STATUS_ORDER.length : i;
}

// ---------------------------------------------------------------------------------
// Activities

function plural(n, one, many) {
  return `${numberFormat.format(n)} ${n === 1 ? one : many}`;
}

function renderCount(response, state) {
  const total = response.total;
  const heading = $('result-count');
  heading.dataset.total = String(total);
  // A suppressed total ("<5", "[c]") is shown as the API sent it, read out in words.
  const lead = !isCount(total) ? [countNode(total), ' activities'] : [total === 0 ? 'No activities' : plural(total, 'activity', 'activities')];
  let text = '';
  if (state.month) text += ` running in ${monthLabel(state.month)}`;
  if (Object.values(state.filters).some((v) => v.length)) text += total === 1 ? ' matches your filters' : ' match your filters';
  else if (!state.month) text += ' in the forward plan';
  heading.replaceChildren(...lead, text);
}

/** passage id -> full text for every activity in the list; empty if the export fails. */
async function fullTexts(state, signal) {
  const params = searchParams(state);
  params.set('format', 'ndjson');
  try {
    const response = await fetch('/api/export?' + params, { signal, headers: { Accept: 'application/x-ndjson', ...keyHeaders() } });
    if (!response.ok) return new Map();
    const texts = new Map();
    for (const line of (await response.text()).split('\n')) {
      if (!line.trim()) continue;
      const passage = JSON.parse(line);
      texts.set(passage.passage_id, passage.text);
    }
    return texts;
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    return new Map();
  }
}

function renderResults(response, texts = new Map()) {
  const list = $('results');
  list.replaceChildren();
  $('tag-key').hidden = response.hits.length === 0;
  if (!isCount(response.total)) {
    list.append(el('li', { className: 'app-no-results' },
      el('p', {}, 'The number of activities is hidden because the filters include an equality monitoring group, and the activities are not listed. Try fewer filters.')));
    return;
  }
  if (response.hits.length === 0) {
    list.append(el('li', { className: 'app-no-results' },
      el('p', {}, 'No activities in the forward plan match. Try another month or fewer filters.')));
    return;
  }
  response.hits.forEach((hit, i) => list.append(activityItem(hit, (response.page - 1) * response.per_page + i + 1, texts.get(hit.passage_id))));
}

/** The activity's description: the full text, or the hit's extract with an ellipsis if cut. */
function description(hit, fullText) {
  if (fullText && fullText.trim()) {
    return el('p', { className: 'app-activity__description' }, fullText.trim());
  }
  const text = (hit.snippet && hit.snippet.text ? hit.snippet.text : '').trim();
  if (!text) return null;
  const cut = new TextEncoder().encode(text).length >= 200 && !/[.!?…"'”’)\]]$/.test(text);
  return el('p', { className: 'app-activity__description' }, text, cut ? '…' : null);
}

function activityItem(hit, position, fullText) {
  const href = `/document.html?id=${encodeURIComponent(hit.doc_id)}#${encodeURIComponent(hit.passage_id)}`;
  const attributes = hit.attributes || {};
  const titleId = `activity-${position}-title`;
  const report = attributes.report
    ? el('span', { className: 'app-report', dataset: { report: attributes.report } }, reportNodes(attributes.report))
    : null;
  const meta = [
    hit.organisation ? ['Lead organisation', hit.organisation] : null,
    attributes['partner organisations'] ? ['Partners', attributes['partner organisations'].split(/\s*;\s*/).join(', ')] : null,
    ['Dates', hit.date ? dateRangeNode(hit.date) : 'Not dated yet'],
    attributes.contact ? ['Contact', contactNode(attributes.contact)] : null,
    report ? ['Report', report] : null,
  ].filter(Boolean);
  return el(
    'li',
    {
      className: 'nhsuk-card app-result app-activity',
      dataset: { passageId: hit.passage_id, docId: hit.doc_id, status: hit.status || '' },
      attrs: { 'aria-labelledby': titleId },
    },
    el(
      'div',
      { className: 'nhsuk-card__content app-result__content' },
      el('p', { className: 'app-activity__status' },
        statusTag(hit.status),
        attributes['activity id'] ? el('span', { className: 'app-activity__id' }, hidden('Activity ID: '), attributes['activity id']) : null),
      el('h3', { className: 'nhsuk-card__heading nhsuk-heading-s app-result__title', id: titleId },
        el('a', { className: 'nhsuk-link app-result__link', href }, hit.heading || hit.title)),
      description(hit, fullText),
      el('dl', { className: 'app-meta' }, meta.map(([k, v]) => metaRow(k, v))),
      hit.tags.length ? tagList(hit.tags, { label: `Tags for activity ${position}` }) : null,
    ),
  );
}

// ---------------------------------------------------------------------------------
// Report links: a report is a web address, a document or passage id, or the path of a
// corpus file. The API has no lookup by path, so paths are found among the documents
// of a grouped search (one request for up to 100 documents), once per page load.

const ID = /^[pd][0-9a-f]{16}$/;
const byPath = new Map();
let pathsLoaded = null;

function reportParts(value) {
  return String(value).split(/\s*;\s*/).map((v) => v.trim()).filter(Boolean);
}

function reportNodes(value) {
  const parts = reportParts(value);
  const nodes = [];
  parts.forEach((part, i) => {
    if (i) nodes.push(', ');
    if (/^https?:\/\//i.test(part)) {
      nodes.push(el('a', { className: 'nhsuk-link', href: part, rel: 'noopener' }, parts.length > 1 ? `Report ${i + 1}` : 'Read the report', hidden(` (${part})`)));
    } else if (/^d[0-9a-f]{16}$/.test(part)) {
      nodes.push(el('a', { className: 'nhsuk-link', href: `/document.html?id=${part}` }, 'Read the report'));
    } else {
      // a corpus path or a passage id: linked once found
      nodes.push(el('span', { className: 'app-report__pending', dataset: { ref: part } }, part));
    }
  });
  return nodes;
}

async function loadPaths() {
  const found = new Map();
  for (let page = 1; page <= 10; page++) {
    const params = new URLSearchParams({ group: 'document', per_page: '100', page: String(page), sort: 'oldest' });
    const response = await getJson('/api/search?' + params);
    for (const hit of response.hits) found.set(hit.source.file, { doc_id: hit.doc_id, title: hit.title });
    if (page >= response.pages) break;
  }
  return found;
}

async function linkReports(mine) {
  const pending = [...document.querySelectorAll('#results .app-report__pending')];
  if (!pending.length) return;
  const needPaths = pending.some((node) => !ID.test(node.dataset.ref));
  try {
    if (needPaths) {
      pathsLoaded ||= loadPaths();
      for (const [path, doc] of await pathsLoaded) byPath.set(path, doc);
    }
    for (const node of pending) {
      if (mine !== generation) return;
      const ref = node.dataset.ref;
      let target = null;
      if (/^p[0-9a-f]{16}$/.test(ref)) {
        const passage = await getJson(`/api/passages/${ref}`).catch(() => null);
        if (passage) target = { href: `/document.html?id=${encodeURIComponent(passage.doc_id)}#${ref}`, title: passage.title };
      } else {
        const path = ref.replace(/^\.\//, '').replace(/^corpus\//, '');
        const doc = byPath.get(path);
        if (doc) target = { href: `/document.html?id=${encodeURIComponent(doc.doc_id)}`, title: doc.title };
      }
      if (target) {
        node.replaceWith(el('a', { className: 'nhsuk-link app-report__link', href: target.href }, target.title));
      } else {
        node.classList.remove('app-report__pending');
        node.append(hidden(' (not in the insight bank)'));
      }
    }
  } catch {
    /* the paths stay as text */
  }
}

// ---------------------------------------------------------------------------------
// Paging (only when there are more than 100 activities)

function renderPagination(response, state) {
  const box = $('pagination');
  box.replaceChildren();
  if (!isCount(response.total)) return;
  const pages = Math.max(1, Math.ceil(response.total / PER_PAGE));
  if (pages <= 1) return;
  const page = response.page;
  const link = (target, rel) => {
    const next = cloneState(state);
    next.page = target;
    const a = el(
      'a',
      { className: `nhsuk-pagination__link nhsuk-pagination__link--${rel}`, href: location.pathname + queryFromState(next), rel },
      el('span', { className: 'nhsuk-pagination__title' }, rel === 'prev' ? 'Previous' : 'Next', hidden(' page')),
      hidden(':'),
      el('span', { className: 'nhsuk-pagination__page' }, `Page ${target} of ${pages}`),
    );
    a.addEventListener('click', (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(next, { focus: { id: 'result-count', scroll: true } });
    });
    return a;
  };
  box.append(
    el('nav', { className: 'nhsuk-pagination', attrs: { role: 'navigation', 'aria-label': 'Pagination' } },
      el('ul', { className: 'nhsuk-list nhsuk-pagination__list' },
        page > 1 ? el('li', { className: 'nhsuk-pagination-item--previous' }, link(page - 1, 'prev')) : null,
        page < pages ? el('li', { className: 'nhsuk-pagination-item--next' }, link(page + 1, 'next')) : null)),
  );
}

// ---------------------------------------------------------------------------------
// Start

function setUpFilterPanel() {
  const details = $('filters-details');
  const wide = window.matchMedia('(min-width: 40.0625em)');
  const sync = () => {
    details.open = wide.matches;
  };
  sync();
  wide.addEventListener('change', sync);
}

async function start() {
  initAll();
  setUpFilterPanel();
  $('plan-filters').addEventListener('submit', (event) => event.preventDefault());
  $('month').addEventListener('change', () => {
    const next = cloneState(current);
    next.month = $('month').value;
    next.page = 1;
    navigate(next, { focus: { id: 'month' } });
  });
  $('clear-filters').addEventListener('click', (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(emptyState(), { focus: { id: 'result-count' } });
  });
  document.querySelector('.app-skip-results').addEventListener('click', (event) => {
    event.preventDefault();
    $('result-count').focus();
  });
  window.addEventListener('popstate', () => {
    run(stateFromQuery(location.search), null);
  });
  const months = loadMonths();
  await navigate(stateFromQuery(location.search), { push: false });
  await months;
  $('month').value = current.month;
}

start();
