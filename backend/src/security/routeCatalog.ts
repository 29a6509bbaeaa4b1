import type {} from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';

/** A route as registered: its method and URL pattern, and whether it upgrades to a WebSocket. */
export type RegisteredRoute = { method: string; url: string; websocket: boolean };

const catalogs = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/**
 * Starts recording every route registered on `app` from now on, so checks (the authorization table,
 * the hostile-input tests) can visit each route the server really serves instead of a list kept by hand.
 */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  catalogs.set(app, routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // Fastify adds a HEAD twin to every GET that runs the same handler; the API declares no HEAD of its own.
      if (method === 'HEAD') continue;
      const websocket = route.websocket === true || typeof route.wsHandler === 'function';
      routes.push({ method, url: route.url, websocket });
    }
  });
}

/** Every route recorded on `app`, in registration order. */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return catalogs.get(app) ?? [];
}
