// The "Contribute" page: a partner with a contributor key uploads a report (POST
// /api/sources as a draft), sees the sections and tags found, fixes the title, date,
// places, themes and visibility (PUT /api/sources/NAME/metadata), publishes it (POST
// .../publish; searchable a moment later) or withdraws it (DELETE). The list below shows
// the organisation's sources and whether the index holds them yet.

import { initAll } from '/vendor/nhsuk/nhsuk-frontend.min.js';
import {
  ApiError,
  apiKey,
  apiRequest,
  el,
  friendlyMessage,
  numberFormat,
  showErrorSummary,
  tagList,
} from './common.js';

const $ = (id) => document.getElementById(id);
let current = null; // the source shown in the preview: its name
let polling = null;

function problem(error, href = null) {
  const text = error instanceof ApiError ? friendlyMessage(error.message) : String(error.message || error);
  showErrorSummary($('error-summary-slot'), [{ text, href }]);
}

function clearProblems() {
  showErrorSummary($('error-summary-slot'), []);
}

function splitList(text) {
  return text.split(',').map((part) => part.trim()).filter(Boolean);
}

/** The metadata the form states (empty fields left out). */
function formMetadata() {
  const metadata = {};
  const title = $('title').value.trim();
  const date = $('date').value.trim();
  if (title) metadata.title = title;
  if (date) metadata.date = date;
  const places = splitList($('places').value);
  const themes = splitList($('themes').value);
  if (places.length) metadata.places = places;
  if (themes.length) metadata.themes = themes;
  metadata.visibility = document.querySelector('input[name="visibility"]:checked')?.value || 'restricted';
  return metadata;
}

function showAccess(text) {
  $('contribute-access-text').textContent = text;
  $('contribute-access').hidden = false;
  $('contribute').hidden = true;
}

function plural(count, one, many) {
  return `${numberFormat.format(count)} ${count === 1 ? one : many}`;
}

function renderPreview(preview) {
  current = preview.source.name;
  const status = preview.source.status === 'published'
    ? (preview.source.indexed_passages > 0
      ? `Published: ${plural(preview.source.indexed_passages, 'section is', 'sections are')} in the insight bank.`
      : 'Published: it will be searchable in a moment.')
    : 'Not published yet: only your organisation can see this draft.';
  $('preview-summary').textContent = `${preview.source.name}: ${plural(preview.passages.length, 'section', 'sections')} found. ${status}`;
  const facts = el('dl', { className: 'nhsuk-summary-list' },
    ...[
      ['Title', preview.title || ''],
      ['Organisation', preview.organisation || ''],
      ['Date', preview.date ? (preview.date.from === preview.date.to ? preview.date.from : `${preview.date.from} to ${preview.date.to}`) : 'Not stated'],
      ['Who may see it', preview.visibility || ''],
    ].map(([key, value]) => el('div', { className: 'nhsuk-summary-list__row' },
      el('dt', { className: 'nhsuk-summary-list__key' }, key),
      el('dd', { className: 'nhsuk-summary-list__value' }, value))));
  const warnings = preview.warnings.length
    ? el('div', { className: 'nhsuk-warning-callout' },
      el('h3', { className: 'nhsuk-warning-callout__label' }, el('span', { attrs: { role: 'text' } }, el('span', { className: 'nhsuk-u-visually-hidden' }, 'Important: '), 'Things to check')),
      el('ul', {}, preview.warnings.map((w) => el('li', {}, friendlyMessage(w)))))
    : null;
  const tags = preview.tags.length ? tagList(preview.tags, { label: 'Stated tags' }) : null;
  const passages = el('ol', { className: 'app-results', id: 'preview-passages' },
    preview.passages.map((passage) => el('li', { className: 'app-result' },
      el('h3', { className: 'nhsuk-heading-s' }, passage.heading || 'Introduction'),
      el('p', { className: 'nhsuk-body-s' }, passage.text.length > 400 ? passage.text.slice(0, 400) + '…' : passage.text),
      passage.tags.length ? tagList(passage.tags) : null)));
  $('preview-body').replaceChildren(facts, ...(warnings ? [warnings] : []), ...(tags ? [tags] : []),
    el('h3', { className: 'nhsuk-heading-s' }, 'Sections'), passages);
  $('publish-button').hidden = preview.source.status === 'published';
  $('preview').hidden = false;
  // the form shows what is stated now, to fix and save
  const metadata = preview.metadata || {};
  const listText = (value) => (Array.isArray(value) ? value.join(', ') : value || '');
  $('title').value = metadata.title || '';
  $('date').value = typeof metadata.date === 'string' ? metadata.date : '';
  $('places').value = listText(metadata.places);
  $('themes').value = listText(metadata.themes);
  const visibility = metadata.visibility || 'restricted';
  const radio = document.querySelector(`input[name="visibility"][value="${visibility}"]`);
  if (radio) radio.checked = true;
  $('upload-button').textContent = 'Check another report';
}

async function refreshSources() {
  let answer;
  try {
    answer = await apiRequest('/api/sources');
  } catch (error) {
    problem(error);
    return null;
  }
  const rows = answer.sources.map((source) => el('tr', { className: 'nhsuk-table__row' },
    el('td', { className: 'nhsuk-table__cell' }, el('a', { href: `#preview`, dataset: { name: source.name } }, source.name)),
    el('td', { className: 'nhsuk-table__cell' }, source.status === 'published' ? 'Published' : 'Draft'),
    el('td', { className: 'nhsuk-table__cell nhsuk-table__cell--numeric' }, numberFormat.format(source.indexed_passages))));
  $('sources-body').replaceChildren(rows.length
    ? el('table', { className: 'nhsuk-table', id: 'sources-table' },
      el('caption', { className: 'nhsuk-table__caption nhsuk-u-visually-hidden' }, "Your organisation's sources"),
      el('thead', { className: 'nhsuk-table__head' }, el('tr', {},
        el('th', { className: 'nhsuk-table__header', attrs: { scope: 'col' } }, 'File'),
        el('th', { className: 'nhsuk-table__header', attrs: { scope: 'col' } }, 'Status'),
        el('th', { className: 'nhsuk-table__header nhsuk-table__header--numeric', attrs: { scope: 'col' } }, 'Sections in the insight bank'))),
      el('tbody', { className: 'nhsuk-table__body' }, rows))
    : el('p', { className: 'nhsuk-body' }, 'None yet.'));
  $('sources-status').textContent = answer.ingest.running ? 'Adding to the insight bank…' : '';
  // keep watching while the index catches up with a publish or a withdrawal
  const waiting = answer.ingest.running
    || answer.sources.some((s) => s.status === 'published' && s.indexed_passages === 0);
  clearTimeout(polling);
  if (waiting) polling = setTimeout(async () => {
    await refreshSources();
    if (current) await show(current, { quiet: true });
  }, 1000);
  return answer;
}

async function show(name, { quiet = false } = {}) {
  try {
    renderPreview(await apiRequest(`/api/sources/${encodeURIComponent(name)}`));
    if (!quiet) $('preview-heading').focus();
  } catch (error) {
    if (!quiet) problem(error);
  }
}

async function upload(event) {
  event.preventDefault();
  clearProblems();
  const file = $('file').files[0];
  if (!file) {
    problem(new Error('Choose the report to upload'), '#file');
    return;
  }
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('metadata', JSON.stringify(formMetadata()));
  form.append('publish', 'false');
  $('upload-button').disabled = true;
  try {
    renderPreview(await apiRequest('/api/sources', { method: 'POST', body: form }));
    $('file').value = '';
    $('preview-heading').focus();
  } catch (error) {
    problem(error, '#file');
  } finally {
    $('upload-button').disabled = false;
  }
  await refreshSources();
}

async function act(method, suffix, body = undefined) {
  if (!current) return;
  clearProblems();
  try {
    const answer = await apiRequest(`/api/sources/${encodeURIComponent(current)}${suffix}`, {
      method,
      body,
      headers: body ? { 'Content-Type': 'application/json' } : {},
    });
    if (answer) renderPreview(answer);
    $('preview-heading').focus();
  } catch (error) {
    problem(error);
  }
  await refreshSources();
}

async function main() {
  initAll();
  if (!apiKey()) {
    showAccess('To add your organisation’s reports, use a contributor key: open “Partner access” above and enter the key your administrator gave you.');
    return;
  }
  let first;
  try {
    first = await apiRequest('/api/sources');
  } catch (error) {
    showAccess(error instanceof ApiError ? friendlyMessage(error.message) : 'The insight bank could not be reached.');
    return;
  }
  // the organisation is said, and every control works, before the form is shown
  $('organisation-line').textContent = `You are adding reports for ${first.organisation}.`;
  $('upload-form').addEventListener('submit', upload);
  $('publish-button').addEventListener('click', () => act('POST', '/publish'));
  $('save-metadata-button').addEventListener('click', () => act('PUT', '/metadata', JSON.stringify(formMetadata())));
  $('discard-button').addEventListener('click', async () => {
    await act('DELETE', '');
    current = null;
    $('preview').hidden = true;
    $('upload-button').textContent = 'Check the report';
  });
  $('sources-body').addEventListener('click', (event) => {
    const link = event.target.closest('a[data-name]');
    if (!link) return;
    event.preventDefault();
    show(link.dataset.name);
  });
  $('contribute').hidden = false;
  await refreshSources();
}

main();
