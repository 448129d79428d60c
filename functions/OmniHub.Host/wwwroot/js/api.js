// Calls to the hub: the Durable Functions management API and the ops API, authenticated by x-api-key.
// The key lives in sessionStorage only and is never written to the console or the page.

const KEY_NAME = 'omnihub.apiKey';
export const MANAGEMENT = '/runtime/webhooks/durabletask';
export const OPS = '/api/ops';

export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

let onUnauthorized = () => {};

export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

export function getKey() {
  return sessionStorage.getItem(KEY_NAME);
}

export function setKey(key) {
  sessionStorage.setItem(KEY_NAME, key);
}

export function clearKey() {
  sessionStorage.removeItem(KEY_NAME);
}

function buildUrl(path, query) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return url.pathname + url.search;
}

/**
 * Sends a request. Resolves { status, data, headers } for 2xx and for statuses listed in `accept`
 * (the management API answers 202 for running and 500 for failed instances with a status payload).
 * Rejects with ApiError carrying the problem+json otherwise. 401 also calls the unauthorised handler.
 */
export async function request(method, path, { query, body, headers, accept = [], key = getKey() } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (key) init.headers['x-api-key'] = key;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(buildUrl(path, query), init);
  } catch (error) {
    throw new ApiError(0, null, `The hub did not answer (${error.message}).`);
  }
  const raw = await response.text();
  let data = null;
  if (raw) {
    try {
      data = JSON.parse(raw);
    } catch {
      data = raw;
    }
  }
  if (response.ok || accept.includes(response.status)) {
    return { status: response.status, data, headers: response.headers };
  }
  if (response.status === 401) onUnauthorized();
  const problem = data && typeof data === 'object' ? data : { status: response.status, title: response.statusText || 'Request failed', detail: typeof data === 'string' ? data : undefined };
  const message = `${response.status} ${problem.title ?? response.statusText}${problem.detail ? ': ' + problem.detail : ''}`;
  throw new ApiError(response.status, problem, message);
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, options) => request('POST', path, options);

// ---- Durable management API -------------------------------------------------------------------

export function instancePath(id) {
  return `${MANAGEMENT}/instances/${encodeURIComponent(id)}`;
}

/** One page of instances: { items, continuation }. */
export async function listInstances(filter, continuation) {
  const headers = continuation ? { 'x-ms-continuation-token': continuation } : undefined;
  const { data, headers: answer } = await get(`${MANAGEMENT}/instances`, {
    query: {
      runtimeStatus: filter.statuses?.length ? filter.statuses : undefined,
      createdTimeFrom: filter.from,
      createdTimeTo: filter.to,
      instanceIdPrefix: filter.prefix,
      top: filter.top,
    },
    headers,
  });
  const next = answer.get('x-ms-continuation-token');
  return { items: Array.isArray(data) ? data : [], continuation: next && next !== 'null' ? next : null };
}

/** The status payload with input and history (200 done, 202 running, 500 failed all carry it). */
export async function getInstance(id) {
  const { status, data } = await get(instancePath(id), {
    query: { showInput: true, showHistory: true, showHistoryOutput: true },
    accept: [202, 500],
  });
  if (status === 500 && !(data && typeof data === 'object' && ('instanceId' in data || 'runtimeStatus' in data))) {
    throw new ApiError(500, data && typeof data === 'object' ? data : { status: 500, title: 'Server error' }, '500 Server error');
  }
  return data;
}

// ---- Ops API ----------------------------------------------------------------------------------

export const ops = (path, options) => get(`${OPS}${path}`, options).then((r) => r.data);
