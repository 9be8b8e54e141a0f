// The document page: /document.html?id=DOC_ID#PASSAGE_ID shows a source document's
// metadata, its tags and every passage (as text, never as HTML), and scrolls to and
// highlights the passage named in the hash.

import { initAll } from '/vendor/nhsuk/nhsuk-frontend.min.js';
import { dateRangeNode, el, formatDate, friendlyMessage, getJson, hidden, metaRow, numberFormat, sentence, sentimentText, showErrorSummary, statusTag, tagList } from './common.js';

const $ = (id) => document.getElementById(id);

/** The pages with results that link here: search, forward plan and the plan check. */
const LIST_PAGES = ['/', '/index.html', '/plan.html', '/check.html'];

/** Whether the previous page in this tab was a page of results, so history.back() returns to it. */
function cameFromSearch() {
  if (!document.referrer || history.length < 2) return false;
  try {
    const from = new URL(document.referrer);
    return from.origin === location.origin && LIST_PAGES.includes(from.pathname);
  } catch {
    return false;
  }
}

function setUpBackLink() {
  const back = $('back-link');
  let last = null;
  try {
    last = sessionStorage.getItem('insight:last-search');
  } catch {
    /* storage may be unavailable */
  }
  back.href = last || '/';
  back.addEventListener('click', (event) => {
    if (cameFromSearch()) {
      event.preventDefault();
      history.back();
    }
  });
}

function row(key, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  return el(
    'div',
    { className: 'nhsuk-summary-list__row' },
    el('dt', { className: 'nhsuk-summary-list__key' }, key),
    el('dd', { className: 'nhsuk-summary-list__value' }, Array.isArray(value) ? value.join(', ') : value),
  );
}

/** "en" -> "English" where the browser knows the language; the code otherwise. */
function languageName(code) {
  if (!code) return null;
  try {
    const name = new Intl.DisplayNames(['en-GB'], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** An attribute value, with yyyy-mm-dd dates written out. */
function attributeValue(value) {
  return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? formatDate(String(value)) : value;
}

function attributeLabel(key) {
  return sentence(key.replace(/[_-]+/g, ' '));
}

/** Paragraphs of plain text, split on blank lines; line breaks kept by CSS. */
function paragraphs(text) {
  return String(text || '')
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => el('p', { className: 'app-passage__para' }, part));
}

function renderDocument(doc) {
  document.title = `${doc.title} – Insight bank`;
  const link = doc.url
    ? el('a', { className: 'nhsuk-link', href: doc.url, rel: 'noopener' }, doc.url)
    : null;
  const attributes = Object.entries(doc.attributes || {}).map(([key, value]) => row(attributeLabel(key), attributeValue(value)));
  const container = $('document');
  container.replaceChildren(
    el('span', { className: 'nhsuk-caption-l' }, sentence(doc.kind), hidden(': ')),
    el('h1', { className: 'nhsuk-heading-l', id: 'document-title' }, doc.title),
    el(
      'dl',
      { className: 'nhsuk-summary-list app-document-meta' },
      row('Organisation', doc.organisation),
      row('Partners', doc.partners),
      row('Kind of source', sentence(doc.kind)),
      row('Methods', (doc.methods || []).map(sentence)),
      row('Participation level', doc.participation ? sentence(doc.participation) : null),
      row('Participants', doc.participants !== null && doc.participants !== undefined ? numberFormat.format(doc.participants) : null),
      row('Dates', doc.date ? dateRangeNode(doc.date) : 'Not dated'),
      row('Visibility', sentence(doc.visibility)),
      row('Language', languageName(doc.language)),
      row('Link', link),
      row('File', doc.file),
      attributes,
    ),
    doc.tags && doc.tags.length
      ? el(
          'section',
          { className: 'app-document-tags', attrs: { 'aria-labelledby': 'tags-heading' } },
          el('h2', { className: 'nhsuk-heading-m', id: 'tags-heading' }, 'Tags'),
          el('p', { className: 'nhsuk-body-s' }, 'Place, segment, theme and community stated by the source. Tags with a dashed border were inferred from the text by the taxonomy’s rules, or suggested by the learned model with its confidence.'),
          tagList(doc.tags, { label: 'Tags for this document' }),
        )
      : null,
    el('div', { id: 'changes-slot' }),
    el(
      'section',
      { className: 'app-passages', attrs: { 'aria-labelledby': 'passages-heading' } },
      el('h2', { className: 'nhsuk-heading-m', id: 'passages-heading' },
        `What people told us: ${numberFormat.format(doc.passage_count)} ${doc.passage_count === 1 ? 'passage' : 'passages'}`),
      doc.pages > 1
        ? el('p', { className: 'nhsuk-body-s app-range' },
          `Showing ${numberFormat.format(firstNumber(doc))} to ${numberFormat.format(firstNumber(doc) + doc.passages.length - 1)}, page ${doc.page} of ${doc.pages}`)
        : null,
      el('ol', { className: 'nhsuk-list app-passage-list', attrs: { start: String(firstNumber(doc)) } },
        doc.passages.map((passage, i) => passageItem(passage, firstNumber(doc) - 1 + i))),
      passagePagination(doc),
    ),
  );
  container.removeAttribute('aria-busy');
}

/**
 * "What changed because of this": the "You said, we did" records that link to this
 * document or its passages, newest first (as the API sends them). Each record's text
 * ("You said: ... Decision: ... We did: ...") is shown as plain text, one paragraph per
 * part with its label in bold.
 *
 * The API's `changes` are the records and `activities` the forward-plan activities whose
 * report is this document; each one's passage is fetched to link to it. Activities are
 * listed separately.
 */
async function fillChanges(changes) {
  const slot = $('changes-slot');
  if (!slot || !changes.length) return;
  const passages = await Promise.all(
    changes.map((change) => getJson(`/api/passages/${encodeURIComponent(change.passage_id)}`).catch(() => null)),
  );
  const records = [];
  const activities = [];
  changes.forEach((change, i) => {
    const passage = passages[i];
    const kind = passage ? passage.kind : /^You said:/.test(change.text || '') ? 'you said we did' : 'forward plan activity';
    const entry = { change, passage };
    if (kind === 'you said we did') records.push(entry);
    else if (kind === 'forward plan activity') activities.push(entry);
  });
  slot.replaceChildren(...[changesSection(records), activitiesSection(activities)].filter(Boolean));
}

function changesSection(records) {
  if (!records.length) return null;
  return el(
    'section',
    { className: 'app-changes', id: 'changes', attrs: { 'aria-labelledby': 'changes-heading' } },
    el('h2', { className: 'nhsuk-heading-m', id: 'changes-heading' }, 'What changed because of this'),
    el('p', { className: 'nhsuk-body-s app-hint-text' },
      `${records.length === 1 ? 'A “You said, we did” record answers' : `${numberFormat.format(records.length)} “You said, we did” records answer`} what people told us here.`),
    el('ul', { className: 'nhsuk-list app-change-list' }, records.map(changeItem)),
  );
}

function passageHref(passage, passageId) {
  return `/document.html?id=${encodeURIComponent(passage.doc_id)}#${encodeURIComponent(passageId)}`;
}

function changeItem({ change, passage }, i) {
  const headingId = `change-${i + 1}-heading`;
  return el(
    'li',
    { className: 'nhsuk-card app-change', dataset: { passageId: change.passage_id, status: change.status || '' }, attrs: { 'aria-labelledby': headingId } },
    el(
      'div',
      { className: 'nhsuk-card__content app-result__content' },
      change.status ? el('p', { className: 'app-change__status' }, statusTag(change.status)) : null,
      el('h3', { className: 'nhsuk-card__heading nhsuk-heading-s app-change__title', id: headingId }, change.title),
      el(
        'dl',
        { className: 'app-meta' },
        metaRow('Date', change.date ? dateRangeNode(change.date) : 'Not dated'),
        change.organisation ? metaRow('Organisation', change.organisation) : null,
      ),
      el('div', { className: 'app-change__text' }, changeParagraphs(change.text)),
      passage
        ? el('p', { className: 'nhsuk-body-s app-change__link' },
          el('a', { className: 'nhsuk-link', href: passageHref(passage, change.passage_id) }, 'Read the full record', hidden(`: ${change.title}`)))
        : null,
    ),
  );
}

/** The forward-plan activities that name this document as their report. */
function activitiesSection(activities) {
  if (!activities.length) return null;
  return el(
    'section',
    { className: 'app-plan-links', id: 'plan-activities', attrs: { 'aria-labelledby': 'plan-activities-heading' } },
    el('h2', { className: 'nhsuk-heading-s', id: 'plan-activities-heading' }, 'In the forward plan'),
    el('ul', { className: 'nhsuk-list' }, activities.map(({ change, passage }) =>
      el('li', { className: 'app-plan-links__item', dataset: { passageId: change.passage_id } },
        passage
          ? el('a', { className: 'nhsuk-link', href: passageHref(passage, change.passage_id) }, change.title)
          : change.title,
        ' ',
        statusTag(change.status),
        change.date ? el('span', { className: 'app-plan-links__date' }, ' ', dateRangeNode(change.date)) : null,
        change.organisation ? el('span', { className: 'app-plan-links__org' }, `, ${change.organisation}`) : null))),
  );
}

/** "You said: x\n\nWe did: y" -> paragraphs with the labels in bold; text stays text. */
function changeParagraphs(text) {
  return String(text || '')
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(You said|Decision|We did):\s*/.exec(part);
      return match
        ? el('p', { className: 'app-passage__para' }, el('strong', {}, `${match[1]}:`), ' ', part.slice(match[0].length))
        : el('p', { className: 'app-passage__para' }, part);
    });
}

/** The number of the first passage on this page (1-based). */
function firstNumber(doc) {
  return (doc.page - 1) * doc.per_page + 1;
}

/** Previous and next links through a long document's passages (a survey has thousands). */
function passagePagination(doc) {
  if (doc.pages <= 1) return null;
  const link = (target, rel) => {
    const params = new URLSearchParams({ id: doc.doc_id, page: String(target) });
    return el(
      'a',
      { className: `nhsuk-pagination__link nhsuk-pagination__link--${rel}`, href: `${location.pathname}?${params}`, rel },
      el('span', { className: 'nhsuk-pagination__title' }, rel === 'prev' ? 'Previous' : 'Next', hidden(' passages')),
      hidden(':'),
      el('span', { className: 'nhsuk-pagination__page' }, `Page ${target} of ${doc.pages}`),
    );
  };
  return el(
    'nav',
    { className: 'nhsuk-pagination', attrs: { role: 'navigation', 'aria-label': 'Passages pagination' } },
    el(
      'ul',
      { className: 'nhsuk-list nhsuk-pagination__list' },
      doc.page > 1 ? el('li', { className: 'nhsuk-pagination-item--previous' }, link(doc.page - 1, 'prev')) : null,
      doc.page < doc.pages ? el('li', { className: 'nhsuk-pagination-item--next' }, link(doc.page + 1, 'next')) : null,
    ),
  );
}

function passageItem(passage, i) {
  const headingId = `${passage.passage_id}-heading`;
  const attributes = Object.entries(passage.attributes || {});
  return el(
    'li',
    {
      className: 'app-passage',
      id: passage.passage_id,
      attrs: { tabindex: '-1', 'aria-labelledby': headingId },
    },
    el('p', { className: 'app-passage__badge', attrs: { hidden: true } }, 'The passage from your search'),
    el('h3', { className: 'nhsuk-heading-s app-passage__heading', id: headingId },
      hidden(`Passage ${i + 1}: `),
      passage.heading ? passage.heading.split(' > ').join(' › ') : `Passage ${i + 1}`),
    el('div', {
      className: 'app-passage__text',
      attrs: { lang: passage.language && passage.language !== 'en' ? passage.language : undefined },
    }, paragraphs(passage.text)),
    el(
      'dl',
      { className: 'app-meta' },
      metaRow('Source', passage.source.locator || passage.source.file),
      passage.status ? metaRow('Status', statusTag(passage.status, { prefix: null })) : null,
      passage.date ? metaRow('Date', dateRangeNode(passage.date)) : null,
      passage.sentiment ? metaRow('Sentiment', sentimentText(passage.sentiment)) : null,
      attributes.map(([key, value]) => metaRow(attributeLabel(key), attributeValue(value))),
    ),
    passage.tags && passage.tags.length ? tagList(passage.tags, { label: `Tags for passage ${i + 1}` }) : null,
  );
}

/** Highlights the passage named in the URL hash and brings it into view. */
function showTarget({ focus = true } = {}) {
  for (const old of document.querySelectorAll('.app-passage--current')) {
    old.classList.remove('app-passage--current');
    old.querySelector('.app-passage__badge').hidden = true;
  }
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  const target = document.getElementById(id);
  if (!target || !target.classList.contains('app-passage')) return;
  target.classList.add('app-passage--current');
  target.querySelector('.app-passage__badge').hidden = false;
  target.scrollIntoView({ block: 'start' });
  if (focus) target.focus({ preventScroll: true });
}

async function start() {
  // the server rendered the document; it is fetched again (with the tab's key, if any)
  // and re-rendered, and is busy until then
  $('document').setAttribute('aria-busy', 'true');
  initAll();
  setUpBackLink();
  const id = new URLSearchParams(location.search).get('id');
  if (!id) {
    fail('No document was chosen: open a document from the search results.');
    return;
  }
  try {
    // the page of passages that holds the passage in the hash, or the page asked for
    const params = new URLSearchParams();
    const target = decodeURIComponent(location.hash.slice(1));
    const page = new URLSearchParams(location.search).get('page');
    if (target) params.set('passage', target);
    else if (page) params.set('page', page);
    const query = params.toString() ? `?${params}` : '';
    const doc = await getJson(`/api/documents/${encodeURIComponent(id)}${query}`);
    renderDocument(doc);
    $('status').textContent = `${doc.title}: ${doc.passage_count} passages`;
    showTarget();
    fillChanges([...(doc.changes || []), ...(doc.activities || [])]).then(() => showTarget({ focus: false }));
    window.addEventListener('hashchange', () => showTarget());
  } catch (error) {
    fail(friendlyMessage(error.message || String(error)));
  }
}

function fail(message) {
  document.title = 'Document not found – Insight bank';
  const container = $('document');
  container.replaceChildren(
    el('h1', { className: 'nhsuk-heading-l' }, 'Document not found'),
    el('p', {}, el('a', { className: 'nhsuk-link', href: '/' }, 'Search the insight bank')),
  );
  container.removeAttribute('aria-busy');
  showErrorSummary($('error-summary-slot'), [{ text: message, href: '#back-link' }]);
}

start();
