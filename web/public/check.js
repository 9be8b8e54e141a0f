// The "Check my plan" page: a proposed piece of engagement (title, description, places,
// segments, target audience, themes, dates) is checked with POST /api/overlap against
// the forward plan and past insight. The form is checked here first (a title or a
// description; the end not before the start) so that mistakes are shown without a
// round trip; the API's own refusals are shown the same way, in the error summary.
//
// The server renders the form with its lists (pre-filled from the URL: place, segment,
// community, theme, title, description, start, end, as the forward plan page's "Check
// a plan against this" link sends them), and without JavaScript the form is POSTed to
// /check, which renders the results itself. Here the form is enhanced: the lists say
// what is selected as boxes are ticked, the checks run before anything is sent, and the
// proposal goes to POST /api/overlap without leaving the page. The lists are fetched
// and built here only when the server could not render them.

import { initAll } from '/vendor/nhsuk/nhsuk-frontend.min.js';
import {
  ApiError,
  contactNode,
  dateRangeNode,
  el,
  facetItem,
  formatDate,
  friendlyMessage,
  getJson,
  hidden,
  lastPart,
  metaRow,
  numberFormat,
  postJson,
  sentence,
  showErrorSummary,
  statusTag,
  tagLabel,
  tagList,
  treeOrder,
  checkDateRange,
  clearDateInputError,
  dateParam,
  readDateInput,
  setDateInput,
  showDateInputError,
} from './common.js';

const $ = (id) => document.getElementById(id);

/** The taxonomy facets of a proposal: facet, the API's field, the form's wording. */
const CHOICES = [
  {
    facet: 'place',
    field: 'places',
    legend: 'Place',
    hint: 'Where the engagement will happen: a place, or a locality or ward inside it. “West Yorkshire” is the whole ICS.',
  },
  {
    facet: 'segment',
    field: 'segments',
    legend: 'Population segment',
    hint: 'The population board or group with similar health and care needs.',
  },
  {
    facet: 'community',
    field: 'audiences',
    legend: 'Target audience',
    hint: 'The communities of interest you want to hear from.',
  },
  {
    facet: 'theme',
    field: 'themes',
    legend: 'Themes',
    hint: 'What you want to ask people about.',
  },
];

/** Lists longer than this scroll inside their box. */
const SCROLL_AFTER = 10;

const FACTORS = {
  place: 'Place',
  audience: 'Audience',
  themes: 'Themes',
  dates: 'Dates',
  text: 'Wording',
};

let controller = null;

// ---------------------------------------------------------------------------------
// The form

/** Builds the four lists of checkboxes from /api/facets (every value, taxonomy order). */
function renderChoices(facets, prefill) {
  const container = $('taxonomy-fields');
  container.replaceChildren();
  for (const choice of CHOICES) {
    const values = (facets[choice.facet] || []).filter((v) => v && v.value);
    if (!values.length) continue;
    const minDepth = Math.min(...values.map((v) => v.depth || v.value.split('/').length));
    const wanted = prefill[choice.facet] || [];
    const isWanted = (value) => wanted.some((w) => {
      const want = w.toLowerCase();
      return value.toLowerCase() === want || lastPart(value).toLowerCase() === want;
    });
    const hintId = `${choice.facet}-hint`;
    const listId = `${choice.facet}-choices`;
    const selectedId = `${choice.facet}-selected`;
    const items = treeOrder(values, { keepOrder: true }).map((v) =>
      facetItem(choice.facet, { value: v.value, count: null }, {
        checked: isWanted(v.value),
        indent: (v.depth || v.value.split('/').length) - minDepth,
        idPrefix: 'choice',
        name: choice.field,
        onChange: () => updateSelected(choice),
      }));
    const box = el(
      'div',
      {
        className: `nhsuk-checkboxes nhsuk-checkboxes--small app-choice-box${values.length > SCROLL_AFTER ? ' app-choice-box--scroll' : ''}`,
        id: listId,
        dataset: { facet: choice.facet },
      },
      items,
    );
    const group = el(
      'div',
      { className: 'nhsuk-form-group app-choice', id: `${choice.facet}-group` },
      el(
        'fieldset',
        { className: 'nhsuk-fieldset', id: `${choice.facet}-fieldset`, attrs: { 'aria-describedby': `${hintId} ${selectedId}` } },
        el('legend', { className: 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s' }, choice.legend, ' (optional)'),
        el('div', { className: 'nhsuk-hint', id: hintId }, choice.hint,
          values.length > SCROLL_AFTER ? ` The list scrolls: ${numberFormat.format(values.length)} values.` : null),
        box,
        el('p', { className: 'nhsuk-body-s app-choice__selected', id: selectedId }),
      ),
    );
    container.append(group);
    updateSelected(choice);
  }
}

/** "Selected: Leeds, Wakefield" under a list, so a choice scrolled out of view is still seen. */
function updateSelected(choice) {
  const line = $(`${choice.facet}-selected`);
  if (!line) return;
  const chosen = checkedValues(choice.facet);
  line.textContent = chosen.length
    ? `Selected: ${chosen.map((v) => tagLabel(choice.facet, v)).join(', ')}`
    : 'None selected: taken from your description.';
}

function checkedValues(facet) {
  return [...document.querySelectorAll(`#${facet}-choices input[type="checkbox"]:checked`)].map((input) => input.value);
}

/** The proposal as the API takes it. Empty dates are left out (the API refuses ""). */
function readProposal() {
  const proposal = {
    title: $('title').value.trim(),
    description: $('description').value.trim(),
  };
  for (const choice of CHOICES) proposal[choice.field] = checkedValues(choice.facet);
  const start = readDateInput('start', 'start').iso;
  const end = readDateInput('end', 'end').iso;
  if (start) proposal.start = start;
  if (end) proposal.end = end;
  return proposal;
}

/** The form's own checks (the server's too), before anything is sent: [{text, href, field}]. */
function validate(proposal) {
  const problems = [];
  if (!proposal.title && !proposal.description) {
    problems.push({ text: 'Enter a title or a description of your engagement', href: '#title', field: 'title' });
  }
  const dates = checkDateRange(DATES);
  for (const problem of dates.problems) problems.push({ ...problem, field: 'dates' });
  return problems;
}

/** The proposal's two date inputs, as the server names them. */
const DATES = { names: ['start', 'end'], legends: ['Start date', 'End date'], firstNamed: 'the start date' };

// ---------------------------------------------------------------------------------
// Errors beside the fields

function fieldError(problem) {
  if (problem.field === 'title') {
    $('title-group').classList.add('nhsuk-form-group--error');
    let span = $('title-error');
    if (!span) {
      span = el('span', { className: 'nhsuk-error-message', id: 'title-error' });
      $('title-hint').after(span);
    }
    span.replaceChildren(hidden('Error: '), problem.text);
    $('title').classList.add('nhsuk-input--error');
    $('title').setAttribute('aria-describedby', 'title-hint title-error');
  } else if (problem.field === 'dates') {
    showDateInputError(problem.date, problem.text, problem.parts);
  }
}

function clearFieldErrors() {
  $('title-group').classList.remove('nhsuk-form-group--error');
  const titleError = $('title-error');
  if (titleError) titleError.remove();
  $('title').classList.remove('nhsuk-input--error');
  $('title').setAttribute('aria-describedby', 'title-hint');
  for (const name of DATES.names) clearDateInputError(name);
}

function showProblems(problems) {
  clearFieldErrors();
  for (const problem of problems) if (problem.field) fieldError(problem);
  showErrorSummary($('error-summary-slot'), problems);
}

/** Where an API refusal points in the form. */
function apiProblem(error) {
  const text = friendlyMessage(error instanceof ApiError ? error.message : String(error.message || error));
  if (/title or a description/.test(error.message)) return { text, href: '#title', field: 'title' };
  if (/before it starts/.test(error.message)) return { text, href: '#end-day', field: 'dates', date: 'end' };
  // The page only sends well-formed JSON: a body refused for its shape is a date the
  // API could not read (its message names no field).
  if (error.code === 'invalid_body') return { text, href: '#start-day', field: 'dates', date: 'start' };
  if (error.code === 'network') return { text };
  return { text, href: '#title' };
}

// ---------------------------------------------------------------------------------
// Results

function plural(n, one, many) {
  return `${numberFormat.format(n)} ${n === 1 ? one : many}`;
}

/** A reason's detail for people: paths as "A › B", dates written out. */
export function readableDetail(detail) {
  return sentence(
    String(detail || '')
      .replace(/(\S)\/(\S)/g, '$1 › $2')
      .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => formatDate(iso)),
  );
}

function formatScore(score) {
  return Number(score || 0).toFixed(2);
}

function bandTag(band) {
  const likely = band === 'likely_duplicate';
  return el(
    'strong',
    { className: `nhsuk-tag ${likely ? 'nhsuk-tag--red' : 'nhsuk-tag--grey'} app-band`, dataset: { band } },
    likely ? 'Likely duplicate' : 'Related',
  );
}

function summaryText(response) {
  const activities = response.activities.length;
  const insight = response.insight.length;
  const likely = [...response.activities, ...response.insight].filter((m) => m.band === 'likely_duplicate').length;
  if (!activities && !insight) return 'Nothing in the forward plan or the insight bank overlaps your plan.';
  const parts = [];
  parts.push(plural(activities, 'activity', 'activities') + ' in the forward plan');
  parts.push(plural(insight, 'piece', 'pieces') + ' of past insight');
  let text = `${parts.join(' and ')} overlap your plan`;
  if (likely) text += `, ${plural(likely, 'of them a likely duplicate', 'of them likely duplicates')}`;
  return text + '.';
}

function renderResults(response, proposal) {
  $('results-summary').textContent = summaryText(response);
  const body = $('results-body');
  body.replaceChildren(...[
    understood(response, proposal),
    response.warnings && response.warnings.length
      ? el(
          'div',
          { className: 'nhsuk-warning-callout app-warnings' },
          el('h3', { className: 'nhsuk-warning-callout__label' }, el('span', { attrs: { role: 'text' } }, hidden('Important: '), 'Some of what you entered was not used')),
          el('ul', { className: 'nhsuk-list nhsuk-list--bullet' }, response.warnings.map((w) => el('li', {}, friendlyMessage(w)))),
        )
      : null,
    matchSection('activities', 'Planned, live and closed activities', response.activities,
      'Nothing in the forward plan overlaps your plan.'),
    matchSection('insight', 'Past insight', response.insight,
      'No past reports, surveys or notes overlap your plan.'),
    hiddenNote(response.hidden),
    howScored(response.thresholds),
  ].filter(Boolean));
  $('check-results').hidden = false;
}

/**
 * Likely duplicates the caller may not see: how many, and whom to ask, never what they
 * are.
 */
function hiddenNote(unseen) {
  if (!unseen || unseen.activities + unseen.sources === 0) return null;
  const parts = [];
  if (unseen.activities) parts.push(`${unseen.activities} ${unseen.activities === 1 ? 'activity' : 'activities'}`);
  if (unseen.sources) parts.push(`${unseen.sources} ${unseen.sources === 1 ? 'piece' : 'pieces'} of past insight`);
  const ask = unseen.ask.length ? unseen.ask : ["the Integrated Care Board's engagement team"];
  return el(
    'div',
    { className: 'nhsuk-inset-text app-hidden-overlaps', id: 'hidden-overlaps' },
    hidden('Information: '),
    el('p', {}, `${sentence(parts.join(' and '))} that you cannot see with your access also look like duplicates of your plan. To find out more, ask:`),
    el('ul', { className: 'nhsuk-list nhsuk-list--bullet' }, ask.map((who) => el('li', {}, who))),
  );
}

/** "What we understood": the proposal's tags by facet, inferred ones marked as such. */
function understood(response, proposal) {
  const tags = response.proposal_tags || [];
  const rows = CHOICES.map((choice) => {
    const given = tags.filter((t) => t.facet === choice.facet && t.origin !== 'inferred');
    const found = tags.filter((t) => t.facet === choice.facet && t.origin === 'inferred');
    const value = [];
    if (given.length) value.push(tagList(given, { label: `${choice.legend} you chose` }));
    if (found.length) {
      value.push(el('p', { className: 'nhsuk-body-s app-found__label' }, 'Found in your description:'));
      value.push(tagList(found, { label: `${choice.legend} found in your description` }));
    }
    if (!value.length) value.push(el('span', { className: 'app-none' }, 'None given or found in your description'));
    return summaryRow(choice.legend, value, { facet: choice.facet });
  });
  // As the API reads them: a start alone runs for three months, an end alone is one day.
  let dates;
  if (proposal.start && proposal.end) dates = dateRangeNode({ from: proposal.start, to: proposal.end });
  else if (proposal.start) dates = el('span', {}, 'From ', dateRangeNode({ from: proposal.start, to: proposal.start }), ' (three months are assumed)');
  else if (proposal.end) dates = dateRangeNode({ from: proposal.end, to: proposal.end });
  else dates = 'Not given: the next six months are assumed';
  rows.push(summaryRow('Dates', dates, { facet: 'dates' }));
  return el(
    'section',
    { className: 'app-understood', attrs: { 'aria-labelledby': 'understood-heading' } },
    el('h2', { className: 'nhsuk-heading-m', id: 'understood-heading' }, 'What we understood'),
    el('p', { className: 'nhsuk-body-s app-hint-text' },
      'What you chose, and what we found in your title and description (with a dashed border). Anything you chose for a list replaces what we would have found for it.'),
    el('dl', { className: 'nhsuk-summary-list app-understood__list', id: 'understood' }, rows),
  );
}

function summaryRow(key, value, dataset = {}) {
  return el(
    'div',
    { className: 'nhsuk-summary-list__row', dataset },
    el('dt', { className: 'nhsuk-summary-list__key' }, key),
    el('dd', { className: 'nhsuk-summary-list__value' }, value),
  );
}

function matchSection(id, title, matches, empty) {
  const headingId = `${id}-heading`;
  return el(
    'section',
    { className: 'app-matches', id: `${id}-section`, attrs: { 'aria-labelledby': headingId } },
    el('h2', { className: 'nhsuk-heading-m', id: headingId }, title, ' ',
      el('span', { className: 'app-heading-count' }, `(${numberFormat.format(matches.length)})`)),
    matches.length
      ? el('ol', { className: 'nhsuk-list app-results app-match-list', id: `${id}-list` },
        matches.map((m, i) => matchCard(m, `${id}-${i + 1}`)))
      : el('p', { className: 'nhsuk-body app-no-matches' }, empty),
  );
}

function matchCard(match, key) {
  const href = `/document.html?id=${encodeURIComponent(match.doc_id)}#${encodeURIComponent(match.passage_id)}`;
  const titleId = `match-${key}-title`;
  const activity = match.kind === 'activity';
  const meta = [
    activity ? ['Activity', match.id] : ['Kind of source', sentence(match.source_kind)],
    match.organisation ? [activity ? 'Lead organisation' : 'Organisation', match.organisation] : null,
    match.status ? ['Status', statusTag(match.status, { prefix: null })] : null,
    ['Dates', match.date ? dateRangeNode(match.date) : 'Not dated'],
    match.contact ? ['Contact', contactNode(match.contact)] : null,
    !activity ? ['Source', match.id] : null,
  ].filter(Boolean);
  return el(
    'li',
    {
      className: `nhsuk-card app-result app-match app-match--${match.band === 'likely_duplicate' ? 'likely' : 'related'}`,
      dataset: { kind: match.kind, band: match.band, passageId: match.passage_id, docId: match.doc_id, score: String(match.score) },
      attrs: { 'aria-labelledby': titleId },
    },
    el(
      'div',
      { className: 'nhsuk-card__content app-result__content' },
      el(
        'p',
        { className: 'app-match__band' },
        bandTag(match.band),
        el('span', { className: 'app-match__score' }, 'Score ', el('strong', {}, formatScore(match.score)), hidden(' out of 1')),
      ),
      el(
        'h3',
        { className: 'nhsuk-card__heading nhsuk-heading-s app-result__title', id: titleId },
        el('a', { className: 'nhsuk-link app-result__link', href }, match.title),
      ),
      el('dl', { className: 'app-meta' }, meta.map(([k, v]) => metaRow(k, v))),
      reasonsTable(match),
    ),
  );
}

function reasonsTable(match) {
  return el(
    'table',
    { className: 'nhsuk-table app-reasons' },
    el('caption', { className: 'nhsuk-table__caption app-reasons__caption' }, 'Why it matches', hidden(`: ${match.title}`)),
    el(
      'thead',
      { className: 'nhsuk-table__head' },
      el(
        'tr',
        { className: 'nhsuk-table__row' },
        el('th', { className: 'nhsuk-table__header', attrs: { scope: 'col' } }, 'Factor'),
        el('th', { className: 'nhsuk-table__header app-reasons__score', attrs: { scope: 'col' } }, 'Score'),
        el('th', { className: 'nhsuk-table__header', attrs: { scope: 'col' } }, 'Detail'),
      ),
    ),
    el(
      'tbody',
      { className: 'nhsuk-table__body' },
      match.reasons.map((reason) =>
        el(
          'tr',
          { className: 'nhsuk-table__row', dataset: { factor: reason.factor } },
          el('th', { className: 'nhsuk-table__header app-reasons__factor', attrs: { scope: 'row' } },
            FACTORS[reason.factor] || sentence(reason.factor),
            el('span', { className: 'app-reasons__weight' }, ` ${Math.round(reason.weight * 100)}%`, hidden(' of the score'))),
          el('td', { className: 'nhsuk-table__cell app-reasons__score' },
            el('span', { className: 'app-reasons__bar', attrs: { 'aria-hidden': 'true' } },
              el('span', { className: 'app-reasons__fill', attrs: { style: `width:${Math.round(Math.max(0, Math.min(1, reason.score)) * 100)}%` } })),
            formatScore(reason.score)),
          el('td', { className: 'nhsuk-table__cell' }, readableDetail(reason.detail)),
        )),
    ),
  );
}

function howScored(thresholds) {
  if (!thresholds) return null;
  return el(
    'details',
    { className: 'nhsuk-details app-how-scored' },
    el('summary', { className: 'nhsuk-details__summary' }, el('span', { className: 'nhsuk-details__summary-text' }, 'How matches are scored')),
    el(
      'div',
      { className: 'nhsuk-details__text' },
      el('p', {}, 'Each activity or piece of insight gets a score from 0 to 1 for place, audience, themes, dates and wording. The percentage beside each factor is its share of the total score, which orders the matches.'),
      el('ul', { className: 'nhsuk-list nhsuk-list--bullet' },
        el('li', {}, el('strong', {}, 'Likely duplicate'), `: the same people (the same community, or both aimed at the general public; audience at least ${formatScore(thresholds.same_people)}) in the same place or one inside it (place at least ${formatScore(thresholds.place_match)}), about substantially the same subject (themes and the cosine of the wording adding up to at least ${formatScore(thresholds.duplicate_subject)}), at the same time or ending up to ${thresholds.recent_months} months before your proposal starts. Without dates, your proposal is compared without them.`),
        el('li', {}, el('strong', {}, 'Related'), ': the same subject anywhere or at any time, or the same people on another subject.')),
      el('p', {}, 'Anything else is not shown. A shared population segment (such as Mental health) alone does not make the same people.'),
    ),
  );
}

// ---------------------------------------------------------------------------------
// Submitting

async function onSubmit(event) {
  event.preventDefault();
  const proposal = readProposal();
  const problems = validate(proposal);
  if (problems.length) {
    showProblems(problems);
    return;
  }
  clearFieldErrors();
  showErrorSummary($('error-summary-slot'), []);
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  const section = $('check-results');
  section.setAttribute('aria-busy', 'true');
  document.body.classList.add('app-loading');
  $('check-button').textContent = 'Checking…';
  try {
    const response = await postJson('/api/overlap', proposal, { signal });
    renderResults(response, proposal);
    $('results-heading').focus();
    $('results-heading').scrollIntoView({ block: 'start' });
  } catch (error) {
    if (error.name === 'AbortError') return;
    showProblems([apiProblem(error)]);
    section.hidden = true;
    $('results-body').replaceChildren();
  } finally {
    if (!signal.aborted) {
      section.removeAttribute('aria-busy');
      document.body.classList.remove('app-loading');
      $('check-button').textContent = 'Check for overlaps';
    }
  }
}

/** Values to tick and fill from the page's query string. */
function prefillFromQuery() {
  const params = new URLSearchParams(location.search);
  const prefill = {};
  for (const choice of CHOICES) {
    const values = [...params.getAll(choice.facet), ...params.getAll(choice.field)].map((v) => v.trim()).filter(Boolean);
    if (values.length) prefill[choice.facet] = values;
  }
  if (params.get('title')) $('title').value = params.get('title');
  if (params.get('description')) $('description').value = params.get('description');
  for (const [i, name] of DATES.names.entries()) {
    const value = dateParam(params, name, i === 0 ? 'start' : 'end');
    if (value) setDateInput(name, value, i === 0 ? 'start' : 'end');
  }
  return prefill;
}

/** Enhances the lists the server rendered: each says what is selected as boxes change. */
function enhanceChoices() {
  let found = false;
  for (const choice of CHOICES) {
    const box = $(`${choice.facet}-choices`);
    if (!box) continue;
    found = true;
    box.addEventListener('change', () => updateSelected(choice));
    updateSelected(choice);
  }
  return found;
}

async function start() {
  initAll();
  $('check-form').addEventListener('submit', onSubmit);
  const prefill = prefillFromQuery();
  if (enhanceChoices()) {
    document.body.dataset.ready = 'true';
    return;
  }
  try {
    const { facets } = await getJson('/api/facets');
    renderChoices(facets || {}, prefill);
  } catch (error) {
    $('taxonomy-fields').replaceChildren(
      el('p', { className: 'nhsuk-body-s' },
        'The lists of places, segments, audiences and themes could not be loaded, so they will be taken from your description. ',
        friendlyMessage(error.message || String(error))),
    );
  }
  document.body.dataset.ready = 'true';
}

start();
