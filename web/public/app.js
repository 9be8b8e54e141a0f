// The search page. All state lives in the URL query string (q, each filter value
// repeated, from, to, sort, page, group), so a search can be shared and the back button
// works: every change pushes a new history entry and popstate re-runs the search.

import { initAll } from '/vendor/nhsuk/nhsuk-frontend.min.js';
import {
  FACETS,
  FILTER_FACETS,
  ApiError,
  countMeaning,
  countNode,
  countRank,
  dateRangeNode,
  depth,
  el,
  facetItem,
  facetName,
  formatDate,
  friendlyMessage,
  getJson,
  hidden,
  isCount,
  isSuppressed,
  metaRow,
  numberFormat,
  sentence,
  showErrorSummary,
  suppressionNote,
  statusTag,
  tagLabel,
  sentimentText,
  tagList,
  treeOrder,
  clearDateError,
  dateParam,
  fillDates,
  showDateError,
  submitDates,
} from './common.js';
import { renderTimeline } from './chart.js';

const PER_PAGE = 20;
/** Values shown per facet before "Show all". */
const FACET_LIMIT = 12;
const SORTS = ['relevance', 'newest', 'oldest'];

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------
// State <-> URL

/** An empty search: everything, by relevance, page 1. */
function emptyState() {
  return { q: '', filters: {}, from: '', to: '', sort: 'relevance', page: 1, group: false, themes: true };
}

/** Reads the state from a query string. Unknown parameters are ignored. */
export function stateFromQuery(search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  state.q = (params.get('q') || '').trim();
  for (const facet of FILTER_FACETS) {
    const values = params.getAll(facet).map((v) => v.trim()).filter(Boolean);
    if (values.length) state.filters[facet] = [...new Set(values)];
  }
  state.from = dateParam(params, 'from', 'start');
  state.to = dateParam(params, 'to', 'end');
  const sort = params.get('sort');
  state.sort = SORTS.includes(sort) ? sort : 'relevance';
  const page = Number.parseInt(params.get('page') || '1', 10);
  state.page = Number.isFinite(page) && page >= 1 ? Math.min(page, 1000) : 1;
  state.group = params.get('group') === 'document';
  state.themes = params.get('expand_themes') !== 'false';
  return state;
}

/** q, filters and dates: what /api/timeline and /api/export take. */
function filterParams(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of FILTER_FACETS) {
    for (const value of state.filters[facet] || []) params.append(facet, value);
  }
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.themes === false) params.set('expand_themes', 'false');
  return params;
}

/** The page's own query string: only what differs from the defaults. */
export function queryFromState(state) {
  const params = filterParams(state);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.group) params.set('group', 'document');
  const query = params.toString();
  return query ? '?' + query : '';
}

/** The /api/search query string. */
function searchParams(state) {
  const params = filterParams(state);
  params.set('sort', state.sort);
  params.set('page', String(state.page));
  params.set('per_page', String(PER_PAGE));
  if (state.group) params.set('group', 'document');
  return params;
}

function cloneState(state) {
  return { ...state, filters: Object.fromEntries(Object.entries(state.filters).map(([k, v]) => [k, [...v]])) };
}

function hasFilters(state) {
  return Object.values(state.filters).some((v) => v.length) || state.from || state.to;
}

// ---------------------------------------------------------------------------------
// Running a search

let current = emptyState();
let generation = 0;
let controller = null;
/** Facets whose full list is shown. */
const expanded = new Set();
/** A facet value to keep visible in the next render (the one just toggled). */
let keepVisible = null;

/**
 * Makes `state` the current search: records it in the history (push or replace) and
 * runs it. `focus` says where keyboard focus goes once the results are in.
 */
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
  renderActiveFilters(state);
  $('results').setAttribute('aria-busy', 'true');
  document.body.classList.add('app-loading');

  const search = getJson('/api/search?' + searchParams(state), { signal });
  const timeline = getJson('/api/timeline?' + filterParams(state), { signal }).catch((error) => error);
  let response;
  try {
    response = await search;
  } catch (error) {
    if (error.name === 'AbortError' || mine !== generation) return;
    showApiError(error);
    finish();
    return;
  }
  if (mine !== generation) return;

  // A page past the end (an old link, or fewer matches since): go to the last page.
  const count = state.group && response.total_documents !== undefined ? response.total_documents : response.total;
  if (response.hits.length === 0 && isCount(count) && count > 0 && state.page > 1) {
    const last = cloneState(state);
    last.page = Math.max(1, Math.ceil(count / PER_PAGE));
    if (last.page !== state.page) {
      navigate(last, { push: false, focus });
      return;
    }
  }

  // Adopt the filters as the API resolved them (e.g. "Leeds" -> "West Yorkshire/Leeds"),
  // so that checkboxes, chips and the URL all use full values.
  const resolved = cloneState(state);
  resolved.filters = {};
  for (const facet of FILTER_FACETS) {
    const values = (response.filters && response.filters[facet]) || state.filters[facet];
    if (values && values.length) resolved.filters[facet] = [...values];
  }
  current = resolved;
  const url = location.pathname + queryFromState(resolved);
  if (url !== location.pathname + location.search) history.replaceState(null, '', url);
  try {
    // The document page's "Back to results" link falls back to this when it cannot go back.
    sessionStorage.setItem('insight:last-search', url);
  } catch {
    /* storage may be unavailable */
  }

  showErrorSummary($('error-summary-slot'), []);
  clearFieldErrors();
  renderActiveFilters(resolved);
  renderFacets(response, resolved);
  renderCount(response, resolved);
  renderInterpretation(response, resolved);
  renderResults(response, resolved);
  renderPagination(response, resolved);
  $('export-link').href = '/api/export?' + withFormat(filterParams(resolved), 'csv');
  // A suppressed total ("<5", "[c]") lists no passages: nothing to export or chart.
  const suppressed = !isCount(response.total);
  $('export-item').hidden = suppressed;
  $('toolbar').hidden = false;
  finish();
  restoreFocus(focus);

  const chart = await timeline;
  if (mine !== generation) return;
  if (chart instanceof Error) {
    if (chart.name !== 'AbortError') {
      $('chart').hidden = false;
      $('chart-body').replaceChildren(el('p', { className: 'nhsuk-body-s' }, 'The chart could not be drawn: ' + chart.message));
    }
    return;
  }
  // No chart for a suppressed total: its periods would only repeat the hidden count.
  const drawn = isCount(response.total) && response.total > 0;
  $('chart').hidden = !drawn;
  if (drawn) renderTimeline($('chart-body'), chart);
}

function finish() {
  $('results').removeAttribute('aria-busy');
  document.body.classList.remove('app-loading');
}

function withFormat(params, format) {
  params.set('format', format);
  return params;
}

/** Puts focus back where the person was, by element id, or on a fallback. */
function restoreFocus(focus) {
  if (!focus) return;
  const target = (focus.id && document.getElementById(focus.id)) || (focus.fallback && document.getElementById(focus.fallback));
  if (target) {
    target.focus({ preventScroll: !focus.scroll });
    if (focus.scroll) target.scrollIntoView({ block: 'start' });
  }
}

// ---------------------------------------------------------------------------------
// Errors

function showApiError(error) {
  const message = friendlyMessage(error instanceof ApiError ? error.message : String(error.message || error));
  let href = '#q';
  clearFieldErrors();
  if (error.code === 'invalid_date') href = showDateError(message);
  else if (['unknown_facet_value', 'unknown_parameter', 'equality_filter'].includes(error.code)) href = '#active-filters';
  if (error.code === 'invalid_query') fieldError('q-group', 'q', message);
  showErrorSummary($('error-summary-slot'), [{ text: message, href }]);
  $('result-count').textContent = 'The search could not be run';
  $('results').replaceChildren();
  if (error.code === 'equality_filter') {
    // An API that keeps equality monitoring counts to the coverage table: say where they are.
    $('results').append(el('li', { className: 'app-no-results' },
      el('p', {}, 'Equality monitoring groups of survey respondents cannot filter a search, so that small numbers of people cannot be worked out. Remove that filter, or see how many were heard from in each place on ',
        el('a', { className: 'nhsuk-link', href: '/coverage.html' }, 'who has been heard'), '.')));
  }
  $('pagination').replaceChildren();
  $('chart').hidden = true;
  $('tag-key').hidden = true;
}

function fieldError(groupId, prefix, message) {
  $(groupId).classList.add('nhsuk-form-group--error');
  let span = $('q-error');
  if (!span) {
    span = el('span', { className: 'nhsuk-error-message', id: 'q-error' });
    $('q-hint').after(span);
  }
  span.replaceChildren(hidden('Error: '), message);
  $('q').classList.add('nhsuk-input--error');
  $('q').setAttribute('aria-describedby', 'q-hint q-error');
}

function clearFieldErrors() {
  $('q-group').classList.remove('nhsuk-form-group--error');
  const qError = $('q-error');
  if (qError) qError.remove();
  $('q').classList.remove('nhsuk-input--error');
  $('q').setAttribute('aria-describedby', 'q-hint');
  clearDateError();
}

// ---------------------------------------------------------------------------------
// The form

function fillForm(state) {
  if (document.activeElement !== $('q') || $('q').value.trim() !== state.q) $('q').value = state.q;
  fillDates(state);
  $('sort').value = state.sort;
  $('group').checked = state.group;
}

function onSubmit(event) {
  event.preventDefault();
  const next = cloneState(current);
  next.q = $('q').value.trim();
  next.page = 1;
  clearFieldErrors();
  const dates = submitDates();
  if (!dates) return;
  Object.assign(next, dates);
  navigate(next, { focus: { id: 'result-count' } });
}

// ---------------------------------------------------------------------------------
// Facets

/** The values shown while a facet is collapsed: shallow and frequent first, plus selected. */
function collapsedSet(values, selected, keep) {
  const ranked = [...values].sort((a, b) => depth(a.value) - depth(b.value) || countRank(b.count) - countRank(a.count));
  const shown = new Set(ranked.slice(0, FACET_LIMIT).map((v) => v.value));
  for (const value of selected) shown.add(value);
  if (keep) shown.add(keep);
  return shown;
}

function renderFacets(response, state) {
  const container = $('facets');
  container.replaceChildren();
  for (const [facet, title] of FACETS) {
    const selected = state.filters[facet] || [];
    const counted = (response.facets && response.facets[facet]) || [];
    const values = [...counted];
    for (const value of selected) {
      if (!values.some((v) => v.value === value)) values.push({ value, count: 0 });
    }
    if (values.length === 0) continue;
    const ordered = treeOrder(values);
    const isExpanded = expanded.has(facet);
    const keep = keepVisible && keepVisible.facet === facet ? keepVisible.value : null;
    const shown = isExpanded ? null : collapsedSet(values, selected, keep);
    const minDepth = Math.min(...values.map((v) => depth(v.value)));
    const listId = `facet-${facet}-list`;
    const fieldset = el(
      'fieldset',
      { className: 'nhsuk-fieldset app-facet', id: `facet-${facet}`, dataset: { facet } },
      el(
        'legend',
        { className: 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s app-facet__legend' },
        title,
        selected.length ? hidden(` (${selected.length} selected)`) : null,
      ),
      el(
        'div',
        { className: 'nhsuk-checkboxes nhsuk-checkboxes--small app-facet__list', id: listId },
        ordered
          .filter((v) => !shown || shown.has(v.value))
          .map((v) => facetCheckbox(facet, v, selected.includes(v.value), depth(v.value) - minDepth)),
      ),
    );
    const hiddenCount = shown ? ordered.filter((v) => !shown.has(v.value)).length : 0;
    if (isExpanded || hiddenCount > 0) {
      const toggle = el(
        'button',
        {
          type: 'button',
          className: 'app-link-button app-facet__toggle',
          id: `facet-${facet}-toggle`,
          attrs: { 'aria-expanded': String(isExpanded), 'aria-controls': listId },
        },
        isExpanded ? 'Show fewer' : `Show all ${numberFormat.format(ordered.length)}`,
        hidden(` ${title.toLowerCase()} values`),
      );
      toggle.addEventListener('click', () => {
        if (expanded.has(facet)) expanded.delete(facet);
        else expanded.add(facet);
        renderFacets(response, current);
        $(`facet-${facet}-toggle`).focus();
      });
      fieldset.append(toggle);
    }
    container.append(el('div', { className: 'nhsuk-form-group app-facet-group' }, fieldset));
  }
  // "<5" and "[c]" can appear among the counts: say what they mean, under the facets.
  const anySuppressed = Object.values(response.facets || {}).some((list) => list.some((v) => isSuppressed(v.count)))
    || isSuppressed(response.total);
  if (anySuppressed) container.append(suppressionNote({ id: 'facets-suppression-note' }));
  keepVisible = null;
}

function facetCheckbox(facet, value, checked, indent) {
  return facetItem(facet, value, {
    checked,
    indent,
    onChange: (isChecked, id) => {
      const next = cloneState(current);
      const list = new Set(next.filters[facet] || []);
      if (isChecked) list.add(value.value);
      else list.delete(value.value);
      if (list.size) next.filters[facet] = [...list];
      else delete next.filters[facet];
      next.page = 1;
      keepVisible = { facet, value: value.value };
      navigate(next, { focus: { id } });
    },
  });
}

// ---------------------------------------------------------------------------------
// Active filters

function chip(facetLabel, valueLabel, onRemove) {
  const button = el(
    'button',
    { type: 'button', className: 'app-chip' },
    hidden('Remove filter: '),
    el('span', { className: 'app-chip__facet' }, facetLabel),
    ' ',
    el('span', { className: 'app-chip__value' }, valueLabel),
    el(
      'svg:svg',
      { className: 'app-chip__icon', viewBox: '0 0 24 24', width: '16', height: '16', 'aria-hidden': 'true', focusable: 'false' },
      el('svg:path', { d: 'M18 6 6 18M6 6l12 12', stroke: 'currentColor', 'stroke-width': '2.5', 'stroke-linecap': 'round', fill: 'none' }),
    ),
  );
  button.addEventListener('click', () => {
    const chips = [...document.querySelectorAll('#active-filters .app-chip')];
    const index = chips.indexOf(button);
    const nextChip = chips[index + 1] || chips[index - 1];
    onRemove(nextChip ? chipKey(nextChip) : null);
  });
  return button;
}

function chipKey(button) {
  return button.dataset.key;
}

function renderActiveFilters(state) {
  const box = $('active-filters');
  const items = [];
  const remove = (mutate) => (focusKey) => {
    const next = cloneState(current);
    mutate(next);
    next.page = 1;
    navigate(next, { focus: { id: focusKey ? chipIdFor(focusKey) : null, fallback: 'result-count' } });
  };
  for (const facet of FILTER_FACETS) {
    for (const value of state.filters[facet] || []) {
      const button = chip(facetName(facet), tagLabel(facet, value), remove((next) => {
        next.filters[facet] = next.filters[facet].filter((v) => v !== value);
        if (!next.filters[facet].length) delete next.filters[facet];
      }));
      button.dataset.key = `${facet}=${value}`;
      button.title = value.split('/').join(' › ');
      items.push(button);
    }
  }
  if (state.from) {
    const button = chip('From', formatDate(state.from), remove((next) => (next.from = '')));
    button.dataset.key = 'from';
    items.push(button);
  }
  if (state.to) {
    const button = chip('To', formatDate(state.to), remove((next) => (next.to = '')));
    button.dataset.key = 'to';
    items.push(button);
  }
  box.replaceChildren();
  if (!items.length) {
    box.hidden = true;
    return;
  }
  for (const item of items) item.id = chipIdFor(item.dataset.key);
  const clear = el('button', { type: 'button', className: 'app-link-button app-clear-all', id: 'clear-all' }, 'Clear all', hidden(' filters'));
  clear.addEventListener('click', () => {
    const next = cloneState(current);
    next.filters = {};
    next.from = '';
    next.to = '';
    next.page = 1;
    navigate(next, { focus: { id: 'result-count' } });
  });
  box.append(
    el('h2', { className: 'nhsuk-heading-xs app-active-filters__heading' }, 'Selected filters'),
    el('ul', { className: 'app-chips' }, items.map((item) => el('li', { className: 'app-chips__item' }, item))),
    clear,
  );
  box.hidden = false;
}

function chipIdFor(key) {
  let hash = 5381;
  for (const c of key) hash = ((hash * 33) ^ c.codePointAt(0)) >>> 0;
  return 'chip-' + hash.toString(36);
}

// ---------------------------------------------------------------------------------
// Results

function plural(n, one, many) {
  return `${numberFormat.format(n)} ${n === 1 ? one : many}`;
}

function renderCount(response, state) {
  const total = response.total;
  const heading = $('result-count');
  heading.dataset.total = String(total);
  if (!isCount(total)) {
    // "<5 passages match": the API's string as it is, read as "fewer than 5".
    heading.replaceChildren(countNode(total), ' passages match', state.q ? ` for ‘${state.q}’` : '');
    return;
  }
  let text;
  if (total === 0) text = 'No passages match';
  else text = `${plural(total, 'passage', 'passages')} ${total === 1 ? 'matches' : 'match'}`;
  if (state.q) text += ` for ‘${state.q}’`;
  if (state.group && response.total_documents !== undefined && total > 0) {
    text += ` (in ${plural(response.total_documents, 'document', 'documents')})`;
  }
  heading.textContent = text;
}

/**
 * What the search did with the words: themes also searched (with a link to search only
 * the words), fewer words required, near spellings, "did you mean".
 */
function renderInterpretation(response, state) {
  const box = $('interpretation');
  box.replaceChildren();
  const read = response.interpretation;
  const link = (text, change) => {
    const next = { ...cloneState(state), page: 1, ...change };
    return el('a', { className: 'nhsuk-link', href: '/' + queryFromState(next) }, text);
  };
  const lines = [];
  if (read && read.notice) lines.push(el('p', { className: 'nhsuk-body-s' }, sentence(read.notice) + '.'));
  if (read && read.matching === 'words') {
    if (read.themes.length) {
      const names = read.themes.map((path) => path.split('/').pop());
      lines.push(el('p', { className: 'nhsuk-body-s' },
        `Also searching the ${names.length === 1 ? 'theme' : 'themes'} ${names.join(', ')}: passages tagged with ${names.length === 1 ? 'it' : 'them'} count for your words. `,
        link('Search only your words', { themes: false })));
    } else if (read.themes_not_added.length) {
      lines.push(el('p', { className: 'nhsuk-body-s' },
        'Searching only your words. ',
        link(`Also search the ${read.themes_not_added.length === 1 ? 'theme' : 'themes'} ${read.themes_not_added.map((p) => p.split('/').pop()).join(', ')}`, { themes: true })));
    }
    if (read.words.length > 1 && read.required < read.words.length && response.total > 0) {
      lines.push(el('p', { className: 'nhsuk-body-s' },
        `Few passages have all your words, so passages with at least ${read.required} of the ${read.words.length} (${read.words.join(', ')}) are shown too, those with the most first.`));
    }
    if (read.corrections.length) {
      lines.push(el('p', { className: 'nhsuk-body-s' },
        'Including near spellings: ' + read.corrections.map((c) => `‘${c.found}’ for ‘${c.typed}’`).join(', ') + '.'));
    }
    if (read.suggestion && response.total === 0) {
      lines.push(el('p', { className: 'nhsuk-body-s' }, 'Did you mean ', link(read.suggestion, { q: read.suggestion }), '?'));
    }
  }
  box.append(...lines);
  box.hidden = lines.length === 0;
}

function renderResults(response, state) {
  const list = $('results');
  list.replaceChildren();
  $('tag-key').hidden = response.hits.length === 0;
  if (!isCount(response.total)) {
    list.append(suppressedResults(response.total, state));
    return;
  }
  if (response.hits.length === 0) {
    list.append(
      el(
        'li',
        { className: 'app-no-results' },
        el('p', {}, 'Try:'),
        el(
          'ul',
          { className: 'nhsuk-list nhsuk-list--bullet' },
          el('li', {}, 'fewer or different words'),
          hasFilters(state) ? el('li', {}, 'removing some filters') : null,
          el('li', {}, 'checking the spelling'),
        ),
      ),
    );
    return;
  }
  const first = (response.page - 1) * response.per_page;
  response.hits.forEach((hit, i) => list.append(resultItem(hit, first + i + 1, state)));
}

/** Why no passages are listed when the total is suppressed, and what to do. */
function suppressedResults(total, state) {
  const primary = /^</.test(String(total));
  return el(
    'li',
    { className: 'app-no-results app-suppressed-results', id: 'suppressed-results' },
    el('div', { className: 'nhsuk-inset-text' },
      hidden('Information: '),
      el('p', {}, primary
        ? `${sentence(countMeaning(total))} passages match. This search is filtered on an equality monitoring group of survey respondents, so small numbers are not shown and the passages are not listed: this protects the people who answered, so that no one can be recognised.`
        : 'The number of matching passages is hidden ([c]) because, with the other counts shown, it would let a small number of survey respondents be worked out. The passages are not listed.'),
      el('p', {}, 'Try:'),
      el('ul', { className: 'nhsuk-list nhsuk-list--bullet' },
        el('li', {}, 'removing a filter, or choosing a wider place or group'),
        state.from || state.to ? el('li', {}, 'a longer date range') : null,
        el('li', {}, el('a', { className: 'nhsuk-link', href: '/coverage.html' }, 'who has been heard'), ', where counts of equality groups are shown by place and segment')),
    ),
  );
}

function resultItem(hit, position, state) {
  const href = `/document.html?id=${encodeURIComponent(hit.doc_id)}#${encodeURIComponent(hit.passage_id)}`;
  // text in another language is marked as such, so screen readers switch voice
  const lang = hit.language && hit.language !== 'en' ? hit.language : undefined;
  const snippet = el('p', { className: 'app-snippet', attrs: { lang } });
  // The only HTML inserted on the page: escaped by the server, <mark> around highlights.
  // Blank lines are folded into line breaks (whitespace only: the markup is untouched).
  snippet.innerHTML = hit.snippet.html.replace(/\n\s*\n/g, '\n').trim();
  // An extract cut mid-sentence is marked with an ellipsis at that end.
  if (/^[a-z]/.test(hit.snippet.text.trim())) snippet.prepend('…');
  if (!/[.!?…"'”’)\]]$/.test(hit.snippet.text.trim())) snippet.append('…');

  const meta = [
    ['Kind', sentence(hit.kind)],
    hit.organisation ? ['Organisation', hit.organisation] : null,
    hit.status ? ['Status', statusTag(hit.status, { prefix: null })] : null,
    ['Date', dateRangeNode(hit.date)],
    hit.sentiment ? ['Sentiment', sentimentText(hit.sentiment)] : null,
    ['Source', `${hit.source.file}${hit.source.locator ? ', ' + hit.source.locator : ''}`],
  ].filter(Boolean);

  return el(
    'li',
    { className: 'nhsuk-card app-result', dataset: { passageId: hit.passage_id, docId: hit.doc_id } },
    el(
      'div',
      { className: 'nhsuk-card__content app-result__content' },
      el(
        'h3',
        { className: 'nhsuk-card__heading nhsuk-heading-s app-result__title' },
        el('a', { className: 'nhsuk-link app-result__link', href }, hit.title),
      ),
      hit.heading ? el('p', { className: 'nhsuk-body-s app-result__heading' }, hit.heading.split(' > ').join(' › ')) : null,
      snippet,
      state.group && hit.matches_in_document
        ? el(
            'p',
            { className: 'nhsuk-body-s app-result__matches' },
            el('a', { className: 'nhsuk-link', href: `/document.html?id=${encodeURIComponent(hit.doc_id)}` },
              `${plural(hit.matches_in_document, 'matching passage', 'matching passages')} in this document`),
          )
        : null,
      el(
        'dl',
        { className: 'app-meta' },
        meta.map(([key, value]) =>
          metaRow(key, value),
        ),
      ),
      hit.tags.length ? tagList(hit.tags, { label: `Tags for result ${position}` }) : null,
    ),
  );
}

function renderPagination(response, state) {
  const box = $('pagination');
  box.replaceChildren();
  const count = state.group && response.total_documents !== undefined ? response.total_documents : response.total;
  if (!isCount(count)) return; // a suppressed total lists nothing
  const pages = Math.max(1, Math.ceil(count / response.per_page));
  const page = response.page;
  if (response.hits.length) {
    const first = (page - 1) * response.per_page + 1;
    const last = first + response.hits.length - 1;
    box.append(
      el('p', { className: 'nhsuk-body-s app-range' },
        `Showing ${numberFormat.format(first)} to ${numberFormat.format(last)} of ${plural(count, state.group ? 'document' : 'passage', state.group ? 'documents' : 'passages')}, page ${page} of ${pages}`),
    );
  }
  if (pages <= 1) return;
  const link = (target, rel) => {
    const next = cloneState(state);
    next.page = target;
    const a = el(
      'a',
      { className: `nhsuk-pagination__link nhsuk-pagination__link--${rel}`, href: location.pathname + queryFromState(next), rel },
      el('span', { className: 'nhsuk-pagination__title' }, rel === 'prev' ? 'Previous' : 'Next', hidden(' page')),
      hidden(':'),
      el('span', { className: 'nhsuk-pagination__page' }, `Page ${target} of ${pages}`),
      arrow(rel),
    );
    a.addEventListener('click', (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(next, { focus: { id: 'result-count', scroll: true } });
    });
    return a;
  };
  box.append(
    el(
      'nav',
      { className: 'nhsuk-pagination', attrs: { role: 'navigation', 'aria-label': 'Pagination' } },
      el(
        'ul',
        { className: 'nhsuk-list nhsuk-pagination__list' },
        page > 1 ? el('li', { className: 'nhsuk-pagination-item--previous' }, link(page - 1, 'prev')) : null,
        page < pages ? el('li', { className: 'nhsuk-pagination-item--next' }, link(page + 1, 'next')) : null,
      ),
    ),
  );
}

function arrow(rel) {
  const d = rel === 'prev'
    ? 'M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z'
    : 'm14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z';
  return el(
    'svg:svg',
    {
      className: `nhsuk-icon nhsuk-icon--arrow-${rel === 'prev' ? 'left' : 'right'}`,
      viewBox: '0 0 24 24',
      width: '16',
      height: '16',
      focusable: 'false',
      'aria-hidden': 'true',
    },
    el('svg:path', { d }),
  );
}

// ---------------------------------------------------------------------------------
// Start

/** Filters are open beside the results on wide screens, folded away on narrow ones. */
function setUpFilterPanel() {
  const details = $('filters-details');
  const wide = window.matchMedia('(min-width: 40.0625em)');
  const sync = () => {
    details.open = wide.matches;
  };
  sync();
  wide.addEventListener('change', sync);
}

function start() {
  initAll();
  setUpFilterPanel();
  $('search-form').addEventListener('submit', onSubmit);
  $('sort').addEventListener('change', () => {
    const next = cloneState(current);
    next.sort = $('sort').value;
    next.page = 1;
    navigate(next, { focus: { id: 'sort' } });
  });
  $('group').addEventListener('change', () => {
    const next = cloneState(current);
    next.group = $('group').checked;
    next.page = 1;
    navigate(next, { focus: { id: 'group' } });
  });
  // "Skip to results" moves focus without adding a #fragment to the URL's history.
  document.querySelector('.app-skip-results').addEventListener('click', (event) => {
    event.preventDefault();
    $('result-count').focus();
  });
  window.addEventListener('popstate', () => {
    run(stateFromQuery(location.search), null);
  });
  navigate(stateFromQuery(location.search), { push: false });
}

start();
