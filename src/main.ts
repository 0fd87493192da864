/**
 * The composition root of the `saps` command: the one file that wires the command line
 * (src/cli) to the HTTP layer (src/http), two peers that never import each other
 * (architecture.md; docs/decisions/014). bin/saps.js runs it.
 */
import { runCli } from './cli/main.js';
import { buildApp } from './http/app.js';
import { generateOpenApiDocument } from './http/openapi-document.js';
import { webAppBuilt } from './http/plugins/web-app.js';

await runCli(process.argv.slice(2), {
  build: (options) => buildApp(options),
  webAppBuilt,
  openApiDocument: generateOpenApiDocument,
});
