// The project's function list, read from infra/functions.json: the route
// table that `cargo run -q -p kith-functions --example manifest` prints from
// `kith::functions` (a contract test keeps the file current), so the CDK app
// keeps no second list of functions or routes.

import { readFileSync } from "node:fs";
import { join } from "node:path";

/** What a route's function may do beyond its table access (`kith::platform::routes::Grant`). */
export type Grant = "SendsMail" | "SignsMediaLinks" | "SignsUploads" | "IssuesTokens" | "Pushes" | "RecordsExposures";

export interface Route {
  function: string;
  /** The feature slice (`kith::<feature>`) that serves it. */
  feature: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  grants: Grant[];
}

export interface SocketRoute {
  routeKey: string;
  function: string;
  /** Sends frames back through the management API. */
  pushes: boolean;
}

export interface Manifest {
  routes: Route[];
  eventHandlers: string[];
  socketRoutes: SocketRoute[];
}

export const MANIFEST_PATH = join(__dirname, "..", "..", "..", "functions.json");

export function loadManifest(path = MANIFEST_PATH): Manifest {
  return JSON.parse(readFileSync(path, "utf8")) as Manifest;
}

/** `get-post` -> `GetPost`: the stem of the function's logical ids, as in template.yaml. */
export function pascal(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
