// Shared by the pages (search, document, forward plan, check my plan, emerging themes,
// who has been heard): API calls, DOM building, dates, tags, counts (suppressed ones
// too), facet checkboxes, status tags and the error summary. Everything is plain DOM: text goes in as text; the only
// HTML inserted anywhere is a hit's snippet.html, which the server escapes.

/** The facets shown in the sidebar, in order, with their display names. */
export const FACETS = [
  ['place', 'Place'],
  ['segment', 'Population segment'],
  ['theme', 'Theme'],
  ['community', 'Community of interest'],
  ['kind', 'Kind of source'],
  ['method', 'Method'],
  ['organisation', 'Organisation'],
  ['participation', 'Participation level'],
  ['status', 'Status'],
  ['sentiment', 'Sentiment'],
];

/** Every facet the API filters on (the sidebar shows the first eight). */
export const FILTER_FACETS = [...FACETS.map(([name]) => name), 'visibility', 'language'];

const FACET_NAMES = Object.fromEntries(FACETS);

/** A facet's display name, e.g. "community" -> "Community of interest". */
export function facetName(facet) {
  return FACET_NAMES[facet] || facet.charAt(0).toUpperCase() + facet.slice(1);
}

/** An error from the API, carrying its code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** An API error message for people: capitalised, with ‘quotes’ instead of `backticks`. */
export function friendlyMessage(message) {
  return sentence(String(message || '').replace(/`([^`]*)`/g, '‘$1’'));
}

const KEY_STORE = 'insight-api-key';

/** The API key this browser tab uses (kept for the tab only), or null. */
export function apiKey() {
  try {
    return sessionStorage.getItem(KEY_STORE);
  } catch {
    return null;
  }
}

/** Headers that present the tab's API key, if it has one. */
export function keyHeaders() {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** GETs an API path and returns the JSON, or throws ApiError with the API's message. */
export async function getJson(path, { signal } = {}) {
  return requestJson(path, { headers: { Accept: 'application/json' }, signal });
}

/** POSTs `body` as JSON to an API path and returns the JSON answer, or throws ApiError. */
export async function postJson(path, body, { signal } = {}) {
  return requestJson(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

/**
 * Sends a request with the tab's key (any method and body: a FormData upload, a JSON
 * PUT, a DELETE) and returns the JSON answer (null when there is none), or throws
 * ApiError with the API's message.
 */
export async function apiRequest(path, init = {}) {
  return requestJson(path, { ...init, headers: { Accept: 'application/json', ...(init.headers || {}) } });
}

async function requestJson(path, init) {
  let response;
  try {
    response = await fetch(path, { ...init, headers: { ...(init.headers || {}), ...keyHeaders() } });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The insight bank could not be reached. Check your connection and try again.');
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const detail = body && body.error;
    throw new ApiError(
      response.status,
      (detail && detail.code) || 'http_' + response.status,
      (detail && detail.message) || `The server answered ${response.status} ${response.statusText}.`,
    );
  }
  return body;
}

/**
 * Builds an element. `props` sets properties (className, id, hidden, ...) except
 * `attrs` (attributes) and `dataset`; children are nodes or strings (as text).
 */
export function el(tag, props = {}, ...children) {
  const node = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'attrs') {
      for (const [name, v] of Object.entries(value)) {
        if (v !== undefined && v !== null && v !== false) node.setAttribute(name, v === true ? '' : String(v));
      }
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (node instanceof SVGElement) {
      node.setAttribute(key === 'className' ? 'class' : key, value);
    } else {
      node[key] = value;
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** One key: value pair of an `app-meta` list; the colon is left out after a question mark. */
export function metaRow(key, value) {
  const label = /[?:]$/.test(String(key).trim()) ? String(key).trim() : `${key}:`;
  return el(
    'div',
    { className: 'app-meta__row' },
    el('dt', { className: 'app-meta__key' }, label),
    el('dd', { className: 'app-meta__value' }, value),
  );
}

/** How a tag value reads on its own: the last part, with its group for community
 * equality-monitoring values ("Disability/No" -> "Disability: No"). */
export function tagLabel(facet, value) {
  const parts = String(value).split('/');
  if (facet === 'community' && parts.length > 1) return `${parts[parts.length - 2]}: ${parts[parts.length - 1]}`;
  return parts[parts.length - 1];
}

/** A visually hidden span, read by screen readers. */
export function hidden(text) {
  return el('span', { className: 'nhsuk-u-visually-hidden' }, text);
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2024-09-02" -> "2 September 2024" (the input unchanged if it is not a date). */
export function formatDate(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso || '';
  const date = new Date(iso + 'T00:00:00Z');
  return Number.isNaN(date.getTime()) ? iso : DATE_FORMAT.format(date);
}

/** A {from,to} range as text: one date, or "from to to". */
export function formatRange(range) {
  if (!range) return '';
  if (!range.to || range.to === range.from) return formatDate(range.from);
  return `${formatDate(range.from)} to ${formatDate(range.to)}`;
}

/** A <time> element (or two) for a date range. */
export function dateRangeNode(range) {
  if (!range) return el('span', {}, 'No date');
  const time = (iso) => el('time', { attrs: { datetime: iso } }, formatDate(iso));
  if (!range.to || range.to === range.from) return time(range.from);
  return el('span', {}, time(range.from), ' to ', time(range.to));
}

export const numberFormat = new Intl.NumberFormat('en-GB');

// ---------------------------------------------------------------------------------
// Counts. The API writes a count as a number, or as a string where a small count drawn
// from survey equality monitoring is suppressed: "<5" (from 1 to 4) or "[c]" (hidden so
// that a small count cannot be worked out by subtraction). Strings are shown as they are
// and never added up, compared or divided.

/** Whether a count is a number (not "<5" or "[c]"). */
export function isCount(count) {
  return typeof count === 'number' && Number.isFinite(count);
}

/** Whether a count is one the API suppressed ("<5", "[c]"). */
export function isSuppressed(count) {
  return typeof count === 'string' && count.trim() !== '';
}

/** A count as text: the number formatted ("1,524"), or the API's string as it is. */
export function formatCount(count) {
  if (isCount(count)) return numberFormat.format(count);
  return count === null || count === undefined ? '' : String(count);
}

/** What a suppressed count means, in words: "fewer than 5", "hidden ([c])". */
export function countMeaning(count) {
  if (isCount(count)) return numberFormat.format(count);
  const text = String(count ?? '').trim();
  const below = /^<\s*(\d+)$/.exec(text);
  if (below) return `fewer than ${below[1]}`;
  if (text === '[c]') return 'hidden ([c]) so that a small count cannot be worked out';
  return text;
}

/**
 * A count as a node: the number, or the suppressed string as shown with its meaning for
 * screen readers ("<5" is read as "fewer than 5"). `units` ([one, many]) follow it for
 * screen readers only; `data-count` holds the API's value.
 */
export function countNode(count, { units = null, className = '' } = {}) {
  const unit = units ? ` ${count === 1 ? units[0] : units[1]}` : '';
  if (isCount(count) || !isSuppressed(count)) {
    return el('span', { className: `app-count ${className}`.trim(), dataset: { count: String(count ?? '') } },
      formatCount(count), unit ? hidden(unit) : null);
  }
  return el(
    'span',
    {
      className: `app-count app-count--suppressed ${className}`.trim(),
      title: sentence(countMeaning(count)),
      dataset: { count: String(count) },
    },
    el('span', { attrs: { 'aria-hidden': 'true' } }, String(count)),
    hidden(countMeaning(count) + unit),
  );
}

/** "5 passages", "1 passage", "<5 passages" (a suppressed count is never 1). */
export function countText(count, one, many) {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/**
 * A key to order counts by, most first: numbers by value; "<N" just below N; "[c]" (a
 * hidden count above zero) just below that. Only for ordering: nothing is worked out
 * from it.
 */
export function countRank(count) {
  if (isCount(count)) return count;
  const below = /^<\s*(\d+)$/.exec(String(count ?? '').trim());
  if (below) return Number(below[1]) - 0.5;
  if (String(count ?? '').trim() === '[c]') return 0.25;
  return 0;
}

/**
 * The note explaining suppressed counts, for wherever they can appear. `threshold` is
 * the API's suppression threshold (5).
 */
export function suppressionNote({ threshold = 5, id = null, className = '' } = {}) {
  const small = threshold > 1 ? `1 to ${threshold - 1}` : 'small';
  return el(
    'p',
    { className: `nhsuk-body-s app-suppression-note ${className}`.trim(), id },
    el('strong', {}, 'About hidden counts: '),
    `Counts from ${small} drawn from equality monitoring of survey respondents (age band, ethnicity, disability, sexual orientation, gender, deprivation) are shown as `,
    el('span', { className: 'app-count--suppressed' }, `<${threshold}`),
    hidden(` (fewer than ${threshold})`),
    '; ',
    el('span', { className: 'app-count--suppressed' }, '[c]'),
    ' hides a count that would let a small one be worked out by subtraction. This protects the people who answered, so that no one can be recognised.',
  );
}

/** The last part of a `/`-separated facet value. */
export function lastPart(value) {
  const parts = String(value).split('/');
  return parts[parts.length - 1];
}

/** How deep a facet value is: 1 for a top-level value. */
export function depth(value) {
  return String(value).split('/').length;
}

/** Capitalises the first letter (facet values such as "engagement report"). */
export function sentence(text) {
  const s = String(text || '');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const TAG_COLOURS = {
  place: 'nhsuk-tag--blue',
  segment: 'nhsuk-tag--purple',
  theme: 'nhsuk-tag--aqua-green',
  community: 'nhsuk-tag--orange',
};

/** How a tag was found, in words: "" for a stated one. */
export function tagProvenance(tag) {
  if (tag.origin === 'inferred') return 'inferred from the text';
  if (tag.origin === 'learned') {
    return typeof tag.confidence === 'number'
      ? `suggested by the model, ${tag.confidence.toFixed(2)}`
      : 'suggested by the model';
  }
  return '';
}

/** "Negative (learned, 0.91)" for a passage's sentiment, or null. */
export function sentimentText(sentiment) {
  if (!sentiment) return null;
  const word = sentiment.value === 'neutral' ? 'Mixed or neutral' : sentence(sentiment.value);
  return `${word} (suggested by the model, ${sentiment.confidence.toFixed(2)})`;
}

/**
 * A list of nhsuk-tags. Each tag reads "<facet>: <value>" to screen readers; inferred
 * and learned tags have a dashed border and say how they were found ("inferred from the
 * text", "suggested by the model, 0.82") in their title and accessible text.
 */
export function tagList(tags, { label = 'Tags' } = {}) {
  const order = ['place', 'segment', 'theme', 'community'];
  const rank = (facet) => (order.includes(facet) ? order.indexOf(facet) : order.length);
  const sorted = [...tags].sort((a, b) => rank(a.facet) - rank(b.facet));
  return el(
    'ul',
    { className: 'app-tags', attrs: { 'aria-label': label } },
    sorted.map((tag) => {
      const provenance = tagProvenance(tag);
      const classes = ['nhsuk-tag', TAG_COLOURS[tag.facet] || 'nhsuk-tag--grey', 'app-tag'];
      if (provenance) classes.push('app-tag--inferred');
      return el(
        'li',
        { className: 'app-tags__item' },
        el(
          'strong',
          {
            className: classes.join(' '),
            title: `${facetName(tag.facet)}: ${tag.value.split('/').join(' › ')}${provenance ? ` (${provenance})` : ''}`,
          },
          hidden(`${facetName(tag.facet)}: `),
          tagLabel(tag.facet, tag.value),
          tag.origin === 'learned' ? el('span', { className: 'app-tag__confidence' }, ` ${tag.confidence.toFixed(2)}`) : null,
          provenance ? hidden(` (${provenance})`) : null,
        ),
      );
    }),
  );
}

/**
 * Shows an NHS.UK error summary in `slot` with the given problems ({text, href}) and
 * moves focus to it, as the design system asks. Clears it when `problems` is empty.
 */
export function showErrorSummary(slot, problems, { focus = true } = {}) {
  slot.replaceChildren();
  if (!problems || problems.length === 0) return;
  const summary = el(
    'div',
    { className: 'nhsuk-error-summary', attrs: { tabindex: '-1', 'aria-labelledby': 'error-summary-title' } },
    el(
      'div',
      { attrs: { role: 'alert' } },
      el('h2', { className: 'nhsuk-error-summary__heading', id: 'error-summary-title' }, 'There is a problem'),
      el(
        'div',
        { className: 'nhsuk-error-summary__body' },
        el(
          'ul',
          { className: 'nhsuk-list nhsuk-error-summary__list' },
          problems.map((problem) =>
            el('li', {}, problem.href ? el('a', { href: problem.href }, problem.text) : problem.text),
          ),
        ),
      ),
    ),
  );
  summary.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (!link) return;
    const target = document.getElementById(link.getAttribute('href').slice(1));
    if (target) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView({ block: 'center' });
    }
  });
  slot.append(summary);
  if (focus) summary.focus();
}

// ---------------------------------------------------------------------------------
// Facet checkboxes (search page sidebar, forward plan filters)

/** A stable element id for a facet value. */
export function valueId(facet, value, prefix = 'facet') {
  let hash = 5381;
  for (const c of value) hash = ((hash * 33) ^ c.codePointAt(0)) >>> 0;
  const slug = value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${prefix}-${facet}-${slug || 'value'}-${hash.toString(36)}`;
}

/**
 * Orders facet values as a tree: each value followed by its children, siblings by
 * count (most first) then name, or in their given order with `keepOrder` (taxonomy
 * order). Values whose parent is absent sit at the top level.
 */
export function treeOrder(values, { keepOrder = false } = {}) {
  const byValue = new Map(values.map((v) => [v.value, v]));
  const children = new Map();
  const roots = [];
  for (const v of values) {
    const parts = v.value.split('/');
    let parent = null;
    for (let i = parts.length - 1; i > 0 && !parent; i--) {
      const candidate = parts.slice(0, i).join('/');
      if (byValue.has(candidate)) parent = candidate;
    }
    if (parent) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(v);
    } else {
      roots.push(v);
    }
  }
  const order = (list) => (keepOrder ? list : list.sort((a, b) => countRank(b.count) - countRank(a.count) || a.value.localeCompare(b.value)));
  const out = [];
  const walk = (list) => {
    for (const v of order(list)) {
      out.push(v);
      if (children.has(v.value)) walk(children.get(v.value));
    }
  };
  walk(roots);
  return out;
}

/**
 * One small NHS.UK checkbox for a facet value ({value, count}), indented under its
 * parent, with the count after the name (a number, or "<5" / "[c]" as the API sent
 * it). `count: null` leaves the count out.
 * `onChange(checked)` runs when it is ticked or unticked.
 */
export function facetItem(facet, value, { checked = false, indent = 0, onChange = null, idPrefix = 'facet', name = facet, units = ['passage', 'passages'] } = {}) {
  const id = valueId(facet, value.value, idPrefix);
  const input = el('input', {
    className: 'nhsuk-checkboxes__input',
    id,
    name,
    type: 'checkbox',
    value: value.value,
    checked,
    dataset: { facet, value: value.value, count: value.count === null || value.count === undefined ? undefined : String(value.count) },
  });
  if (onChange) input.addEventListener('change', () => onChange(input.checked, id));
  const label = lastPart(value.value);
  const path = value.value.split('/');
  const counted = value.count !== null && value.count !== undefined;
  return el(
    'div',
    {
      className: 'nhsuk-checkboxes__item app-facet__item',
      attrs: { style: indent ? `--app-indent:${indent}` : null },
      dataset: { depth: String(indent + 1) },
    },
    input,
    el(
      'label',
      {
        className: 'nhsuk-label nhsuk-checkboxes__label app-facet__label',
        htmlFor: id,
        title: path.length > 1 ? path.join(' › ') : null,
      },
      el('span', { className: 'app-facet__name' },
        facet === 'kind' || facet === 'method' || facet === 'participation' || facet === 'status' ? sentence(label) : label,
        // The indent shows the parent; say it to screen readers too ("No (Disability)").
        path.length > 1 ? hidden(` (${path[path.length - 2]})`) : null),
      counted
        ? el(
            'span',
            { className: 'app-facet__count' },
            hidden(', '),
            countNode(value.count, { units }),
          )
        : null,
    ),
  );
}

// ---------------------------------------------------------------------------------
// Statuses of forward-plan activities and "You said, we did" actions

const STATUS_COLOURS = {
  planned: 'nhsuk-tag--blue',
  live: 'nhsuk-tag--green',
  closed: 'nhsuk-tag--grey',
  'in progress': 'nhsuk-tag--blue',
  done: 'nhsuk-tag--green',
  'not taken forward': 'nhsuk-tag--orange',
};

/** An nhsuk-tag for a status ("planned", "in progress", ...); null without one. */
export function statusTag(status, { prefix = 'Status: ' } = {}) {
  if (!status) return null;
  return el(
    'strong',
    { className: `nhsuk-tag ${STATUS_COLOURS[status] || 'nhsuk-tag--white'} app-status`, dataset: { status } },
    prefix ? hidden(prefix) : null,
    sentence(status),
  );
}

/** A contact as a mailto: link when it is an email address, else as text. */
export function contactNode(contact) {
  const text = String(contact || '').trim();
  if (!text) return null;
  if (/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(text)) {
    return el('a', { className: 'nhsuk-link', href: `mailto:${text}` }, text);
  }
  return text;
}

// ---------------------------------------------------------------------------------
// Analysis pages (emerging themes, who has been heard)

/** Kinds of source that are not insight: the analyses leave them out unless a kind is chosen. */
export const NOT_INSIGHT_KINDS = ['forward plan activity', 'you said we did'];

/** The kinds of insight (reports, surveys, notes) among the kind facet's values. */
export function insightKinds(kindValues) {
  return (kindValues || []).map((v) => v.value).filter((kind) => !NOT_INSIGHT_KINDS.includes(kind));
}

/**
 * The search page's address for `filters` ({facet: value or [values]}, from, to). The
 * analyses count insight only, so without a kind the search is limited to the kinds of
 * insight (`kinds`), and its total is the analysis's count.
 */
export function searchHref(filters, { kinds = [] } = {}) {
  const params = new URLSearchParams();
  for (const [facet, value] of Object.entries(filters)) {
    if (facet === 'from' || facet === 'to') continue;
    for (const v of [].concat(value || [])) if (v) params.append(facet, v);
  }
  if (!params.has('kind')) for (const kind of kinds) params.append('kind', kind);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  return '/?' + params.toString();
}

/**
 * Fills a <select> with taxonomy values ({value, depth}) in taxonomy order, each
 * indented under its parent, after its first ("All ...") option. `groups` splits the
 * values into labelled <optgroup>s: [{label, test(value)}].
 */
export function fillTaxonomySelect(select, values, { groups = null, label = (v) => lastPart(v.value) } = {}) {
  const first = select.options[0] ? select.options[0].cloneNode(true) : null;
  select.replaceChildren(...(first ? [first] : []));
  const ordered = treeOrder(values.filter((v) => v && v.value), { keepOrder: true });
  const minDepth = Math.min(...ordered.map((v) => depth(v.value)));
  const option = (v) => {
    const indent = '\u00a0\u00a0\u00a0'.repeat(Math.max(0, depth(v.value) - minDepth));
    return el('option', { value: v.value, title: v.value.split('/').join(' › ') }, indent + label(v));
  };
  if (!groups) {
    select.append(...ordered.map(option));
    return;
  }
  for (const group of groups) {
    const members = ordered.filter((v) => group.test(v.value));
    if (members.length) select.append(el('optgroup', { label: group.label }, members.map(option)));
  }
}

/**
 * The select's option for a value from the URL: the same full path, or the same last
 * part ("Leeds" -> "West Yorkshire/Leeds"), ignoring case. '' when there is none.
 */
export function matchOption(select, wanted) {
  if (!wanted) return '';
  const want = wanted.toLowerCase();
  const values = [...select.options].map((o) => o.value).filter(Boolean);
  return values.find((v) => v.toLowerCase() === want) || values.find((v) => lastPart(v).toLowerCase() === want) || '';
}

// ---------------------------------------------------------------------------------
// Dates: the NHS.UK date input, three fields NAME-day, NAME-month and NAME-year, read as
// the server reads them (crates/server/src/pages/dates.rs). A year alone, or a month and
// year, is the whole period: its first day when it starts a range ('start'), its last
// when it ends one ('end'). URLs keep the canonical NAME=yyyy-mm-dd.

const DATE_PARTS = ['day', 'month', 'year'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function wholeNumber(text) {
  return /^\d{1,4}$/.test(text) ? Number(text) : null;
}

function monthNumber(text) {
  const n = wholeNumber(text);
  if (n !== null) return n >= 1 && n <= 12 ? n : null;
  const word = text.toLowerCase().replace(/\.$/, '');
  if (word === 'sept') return 9;
  const i = MONTH_NAMES.findIndex((name) => word === name || word === name.slice(0, 3));
  return i >= 0 ? i + 1 : null;
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/**
 * The date that day, month and year (as typed) make: { iso } ('' when all are empty),
 * or { says, parts }: what is wrong ("must include a month") and the parts to mark.
 */
export function parseDateParts(day, month, year, bound) {
  [day, month, year] = [day, month, year].map((part) => String(part || '').trim());
  if (!day && !month && !year) return { iso: '' };
  const missing = [];
  if (day && !month) missing.push('month');
  if ((day || month) && !year) missing.push('year');
  if (missing.length) return { says: `must include a ${missing.join(' and ')}`, parts: missing };
  const d = wholeNumber(day);
  const m = monthNumber(month);
  const y = year.length === 4 ? wholeNumber(year) : null;
  const wrong = [];
  if (day && !(d >= 1 && d <= 31)) wrong.push('day');
  if (month && m === null) wrong.push('month');
  if (!y) wrong.push('year');
  if (wrong.length) return { says: 'must be a real date', parts: wrong };
  const first = m || 1;
  const last = m || 12;
  let dayNumber = d;
  if (!day) dayNumber = bound === 'end' ? new Date(Date.UTC(y, last, 0)).getUTCDate() : 1;
  const monthNumberUsed = day || bound !== 'end' ? first : last;
  const date = new Date(Date.UTC(y, monthNumberUsed - 1, dayNumber));
  // 31 February: the day is what does not fit
  if (date.getUTCMonth() !== monthNumberUsed - 1) return { says: 'must be a real date', parts: ['day'] };
  return { iso: `${pad(y, 4)}-${pad(monthNumberUsed)}-${pad(dayNumber)}` };
}

/** The date `name` in a URL's params: its parts when any was sent, else NAME=yyyy-mm-dd. */
export function dateParam(params, name, bound) {
  if (DATE_PARTS.some((part) => params.has(`${name}-${part}`))) {
    const read = parseDateParts(...DATE_PARTS.map((part) => params.get(`${name}-${part}`)), bound);
    return read.iso || '';
  }
  const value = (params.get(name) || '').trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
}

const dateField = (name, part) => document.getElementById(`${name}-${part}`);

/** What a date input holds: { iso } or { says, parts }, as parseDateParts. */
export function readDateInput(name, bound) {
  return parseDateParts(...DATE_PARTS.map((part) => dateField(name, part).value), bound);
}

/** Shows a yyyy-mm-dd date in a date input ('' empties it), unless it already says so. */
export function setDateInput(name, iso, bound) {
  if (readDateInput(name, bound).iso === iso) return;
  const [year, month, day] = iso ? iso.split('-').map(Number) : ['', '', ''];
  dateField(name, 'day').value = day;
  dateField(name, 'month').value = month;
  dateField(name, 'year').value = year;
}

/** Shows the range's dates (from, to) in the inputs #from-* and #to-*. */
export function fillDates({ from, to }) {
  setDateInput('from', from, 'start');
  setDateInput('to', to, 'end');
}

/** Marks a date input wrong: the message beside it, the wrong parts (all by default). */
export function showDateInputError(name, message, parts = DATE_PARTS) {
  const byId = (id) => document.getElementById(id);
  byId(`${name}-group`).classList.add('nhsuk-form-group--error');
  const span = byId(`${name}-error`);
  span.hidden = false;
  span.replaceChildren(hidden('Error: '), message);
  for (const part of DATE_PARTS) dateField(name, part).classList.toggle('nhsuk-input--error', parts.includes(part));
  byId(name).closest('fieldset').setAttribute('aria-describedby', `dates-hint ${name}-hint ${name}-error`);
}

export function clearDateInputError(name) {
  const byId = (id) => document.getElementById(id);
  byId(`${name}-group`).classList.remove('nhsuk-form-group--error');
  byId(`${name}-error`).hidden = true;
  byId(`${name}-error`).replaceChildren();
  for (const part of DATE_PARTS) dateField(name, part).classList.remove('nhsuk-input--error');
  byId(name).closest('fieldset').setAttribute('aria-describedby', `dates-hint ${name}-hint`);
}

/**
 * Reads and checks a range of two date inputs as the server does: { values: [start,
 * end], problems } where each problem ({text, href, date, parts}) links to the first
 * wrong part and is shown beside its date. `names` are the inputs, `legends` how
 * messages name them.
 */
export function checkDateRange({ names = ['from', 'to'], legends = ['Date from', 'Date to'], firstNamed = 'date from' } = {}) {
  const problems = [];
  const values = [];
  names.forEach((name, i) => {
    clearDateInputError(name);
    const read = readDateInput(name, i === 0 ? 'start' : 'end');
    values.push(read.iso || '');
    if (read.says) {
      const text = `${legends[i]} ${read.says}`;
      showDateInputError(name, text, read.parts);
      problems.push({ text, href: `#${name}-${read.parts[0]}`, date: name, parts: read.parts });
    }
  });
  if (!problems.length && values[0] && values[1] && values[1] < values[0]) {
    const text = `${legends[1]} must be the same as or after ${firstNamed}`;
    showDateInputError(names[1], text);
    problems.push({ text, href: `#${names[1]}-day`, date: names[1], parts: DATE_PARTS });
  }
  return { values, problems };
}

/** Shows an API refusal of a date on the date it names (`to` or else `from`); its link. */
export function showDateError(message) {
  const name = /`to`|‘to’/.test(message) ? 'to' : 'from';
  showDateInputError(name, message);
  return `#${name}-day`;
}

export function clearDateError() {
  for (const name of ['from', 'to']) clearDateInputError(name);
}

/**
 * Reads and checks the from/to date inputs of a filter form: the dates, or null after
 * showing what is wrong beside the dates and in the error summary (#error-summary-slot).
 */
export function submitDates() {
  const { values, problems } = checkDateRange();
  if (problems.length) {
    showErrorSummary(document.getElementById('error-summary-slot'), problems);
    return null;
  }
  return { from: values[0], to: values[1] };
}

/**
 * Partner access: a key field at the top of every page. Without a key the pages show
 * public material; a partner's key (made with `insight keys add`) also shows partners
 * material and what is restricted to its organisation. The key is kept for this tab
 * only (sessionStorage) and sent as `Authorization: Bearer`; exports are then
 * downloaded with it too.
 */
async function mountAccess() {
  const main = document.querySelector('main');
  if (!main) return;
  const key = apiKey();
  let health = null;
  let refused = null;
  try {
    health = await requestJson('/api/health', { headers: { Accept: 'application/json' } });
  } catch (error) {
    if (error.code === 'invalid_key') {
      refused = error.message;
      sessionStorage.removeItem(KEY_STORE);
    }
  }
  const access = health ? health.access : 'public';
  const summary = key && health
    ? `Partner access: you see ${access === 'everything' ? 'everything' : access.replace(/^partner: /, 'what is shared with partners and restricted to ')}`
    : 'Partner access: you see public material only';
  const input = el('input', { className: 'nhsuk-input nhsuk-input--width-20', id: 'api-key', type: 'password', attrs: { autocomplete: 'off', spellcheck: 'false' } });
  const error = refused
    ? el('span', { className: 'nhsuk-error-message', id: 'api-key-error' }, el('span', { className: 'nhsuk-u-visually-hidden' }, 'Error: '), 'The key was refused: ' + friendlyMessage(refused))
    : null;
  const form = el('form', { className: 'app-access__form', attrs: { novalidate: true } },
    el('div', { className: 'nhsuk-form-group' + (error ? ' nhsuk-form-group--error' : '') },
      el('label', { className: 'nhsuk-label', attrs: { for: 'api-key' } }, 'API key'),
      el('div', { className: 'nhsuk-hint', id: 'api-key-hint' }, 'Kept in this browser tab only; ask your administrator for one.'),
      error,
      input),
    el('button', { className: 'nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2', type: 'submit', id: 'api-key-use' }, 'Use this key'),
    key ? el('button', { className: 'nhsuk-button nhsuk-button--reverse nhsuk-u-margin-bottom-2 nhsuk-u-margin-left-2', type: 'button', id: 'api-key-stop' }, 'Stop using the key') : null);
  input.setAttribute('aria-describedby', error ? 'api-key-hint api-key-error' : 'api-key-hint');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    // checked before it is kept: a wrong key is said so here, and nothing changes
    const answer = await fetch('/api/health', { headers: { Accept: 'application/json', Authorization: `Bearer ${value}` } });
    if (answer.status === 401) {
      const body = await answer.json().catch(() => null);
      form.querySelector('#api-key-error')?.remove();
      const message = el('span', { className: 'nhsuk-error-message', id: 'api-key-error' },
        el('span', { className: 'nhsuk-u-visually-hidden' }, 'Error: '),
        'The key was refused: ' + friendlyMessage(body?.error?.message || 'it is not known to this server'));
      input.before(message);
      input.closest('.nhsuk-form-group').classList.add('nhsuk-form-group--error');
      input.classList.add('nhsuk-input--error');
      input.setAttribute('aria-describedby', 'api-key-hint api-key-error');
      input.focus();
      return;
    }
    sessionStorage.setItem(KEY_STORE, value);
    location.reload();
  });
  form.querySelector('#api-key-stop')?.addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORE);
    location.reload();
  });
  const details = el('details', { className: 'nhsuk-details app-access', id: 'access', attrs: { open: Boolean(error) } },
    el('summary', { className: 'nhsuk-details__summary' }, el('span', { className: 'nhsuk-details__summary-text', id: 'access-summary' }, summary)),
    el('div', { className: 'nhsuk-details__text' }, form));
  main.prepend(details);
}

// Exports are plain links; with a key they are fetched with it and saved from memory.
document.addEventListener('click', async (event) => {
  const link = event.target.closest && event.target.closest('a[href^="/api/export"]');
  if (!link || !apiKey()) return;
  event.preventDefault();
  const response = await fetch(link.getAttribute('href'), { headers: keyHeaders() });
  if (!response.ok) return;
  const url = URL.createObjectURL(await response.blob());
  const save = el('a', { href: url, attrs: { download: link.getAttribute('download') || 'insight-export' } });
  document.body.append(save);
  save.click();
  save.remove();
  URL.revokeObjectURL(url);
});

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => mountAccess());
} else {
  mountAccess();
}
