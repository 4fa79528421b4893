import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers fitted to a server that phones reach over plain HTTP on the office LAN
 * (`http://192.168.1.20:3000`). Its defaults assume HTTPS: the content security policy carries
 * `upgrade-insecure-requests`, so a browser on a LAN name fetched `/assets/*.js` as https and the
 * page stayed blank, and `Strict-Transport-Security` on plain HTTP is meaningless at best.
 * Browsers exempt `localhost` and `127.0.0.1` from both, which is why only a LAN-name test shows it.
 *
 * Over HTTPS (the request itself, or `X-Forwarded-Proto` from a proxy on loopback under
 * `trust proxy`), or when HTTPS_ONLY says the site is only ever served over HTTPS behind a proxy,
 * the defaults apply unchanged. The rest of the policy stays strict either way: scripts from self
 * only, no plugins, no framing.
 */
export function securityHeaders(options: { httpsOnly: boolean }): RequestHandler {
  const overHttps = helmet();
  const overPlainHttp = helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    strictTransportSecurity: false,
    // Browsers ignore COOP on an untrustworthy origin and log an error for every page: noise only.
    crossOriginOpenerPolicy: false,
  });
  return (request: Request, response: Response, next: NextFunction) =>
    options.httpsOnly || request.secure
      ? overHttps(request, response, next)
      : overPlainHttp(request, response, next);
}
