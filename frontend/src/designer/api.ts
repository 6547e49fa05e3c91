/** JSON calls to Baton's REST API with the session cookie and Django's CSRF token. */

export interface ApiAnswer<T = unknown> {
  ok: boolean;
  status: number;
  data: T;
}

/** Baton's errors are `{"error": {"code", "message", "details"}}` (baton/api/errors.py). */
export interface ApiError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export function apiError(answer: ApiAnswer): ApiError {
  const error = (answer.data as { error?: Partial<ApiError> } | null)?.error;
  return {
    code: typeof error?.code === "string" ? error.code : "error",
    message:
      typeof error?.message === "string" ? error.message : `The server answered ${answer.status}.`,
    details: (error?.details as Record<string, unknown>) ?? {},
  };
}

/** The message of an error answer, with the first field error when DRF gave some. */
export function errorText(answer: ApiAnswer): string {
  const { message, details } = apiError(answer);
  const first = Object.entries(details).find(([, value]) => Array.isArray(value));
  return first ? `${message} ${first[0]}: ${String((first[1] as unknown[])[0])}` : message;
}

function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  const cookie = match ? decodeURIComponent(match[1]) : "";
  const input = document.querySelector<HTMLInputElement>("input[name=csrfmiddlewaretoken]");
  return cookie || input?.value || "";
}

export async function call<T = unknown>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  const response = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: { code: "not_json", message: text.slice(0, 200) } };
  }
  return { ok: response.ok, status: response.status, data: data as T };
}
