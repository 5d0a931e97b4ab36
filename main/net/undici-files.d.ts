// Types for the undici files net/undici.ts loads one by one (undici types only its index).
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}
declare module 'undici/lib/api/index.js' {
  import type { Dispatcher } from 'undici';
  const api: { request(this: Dispatcher, options: Dispatcher.RequestOptions<unknown>): Promise<Dispatcher.ResponseData> };
  export default api;
}
declare module 'undici/lib/interceptor/redirect.js' {
  import type { interceptors } from 'undici';
  const redirect: typeof interceptors.redirect;
  export default redirect;
}
declare module 'undici/lib/core/util.js' {
  const util: { parseURL(url: string | URL): URL };
  export default util;
}
declare module 'undici/lib/web/fetch/index.js' {
  import type { fetch } from 'undici';
  const fetchModule: { fetch: typeof fetch };
  export default fetchModule;
}
declare module 'undici/lib/web/fetch/response.js' {
  import type { Response } from 'undici';
  const responseModule: { Response: typeof Response };
  export default responseModule;
}
