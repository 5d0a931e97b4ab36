/**
 * The one network layer. Every kind that requests a URL, the heartbeat and the
 * Sheets client go through here: undici dispatchers shared per trust setting and
 * capped per origin, the caller's signal, redirects, size caps, credentials kept
 * out of results, and one wording for every failure. Kinds import from this file.
 *
 *     const answer = await getJson(ctx, joinUrl(params.url, 'api/v3/checks/'), {
 *       headers: { 'X-Api-Key': params.apiKey }, credential: 'apiKey',
 *       ca: params.ca, insecure: params.insecure, shape: checksSchema,
 *     });
 *     if (!answer.ok) return { level: 'ERROR', result: answer.error };
 *     // answer.json is typed by checksSchema; answer.answer has status, headers, place.
 */
export { request, DEFAULT_MAX_REDIRECTS, USER_AGENT } from './request.js';
export { DEFAULT_MAX_BODY_BYTES } from './limits.js';
export type { Answer, NetContext, RequestOptions, RequestOutcome } from './request.js';
export { getJson, describeShapeProblem } from './json.js';
export type { JsonOptions, JsonOutcome } from './json.js';
export { fetchFor, BodyTooLargeError } from './fetch.js';
export type { FetchOptions } from './fetch.js';
export { ping } from './ping.js';
export { describeStatus, headerValue, isSuccess, reasonPhrase, statusLine } from './status.js';
export type { StatusFacts, StatusWording } from './status.js';
export { describeBody, htmlTitle } from './body.js';
export { joinUrl, placeOf, shownUrl, splitCredentials } from './urls.js';
export { closeNetwork, DEFAULT_CONNECTIONS_PER_ORIGIN } from './dispatchers.js';
export { describeNetworkError, describeRequestError, describeStopped, errorCode, errorMessage } from './errors.js';
export { certificateHosts, describeCertificateProblem, loadCaFile, readTrust, withRootCas, wrongHostMessage } from './trust.js';
export type { TrustOptions, TrustPolicy } from './trust.js';
