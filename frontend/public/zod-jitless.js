// Runs before the app's modules. The server's CSP forbids eval; left alone, zod 4 probes for it with
// Function('') as the app's schemas are built, and the browser reports a CSP violation for the probe.
// zod reads its settings from this global, so saying "no JIT" here avoids the probe entirely.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig ?? {}, { jitless: true });
