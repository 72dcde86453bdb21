// Bundles the CLI (dependencies stay external) and the web service (fully self-contained:
// the web image gets no node_modules, only this one file).
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', sourcemap: false, logLevel: 'warning' };
const banner = { js: "import { createRequire as __aolCreateRequire } from 'node:module'; const require = __aolCreateRequire(import.meta.url);" };

await Promise.all([
  build({ ...common, entryPoints: { cli: 'src/cli/main.ts', shim: 'src/shim/main.ts', playthrough: 'src/playthrough/main.ts', bench: 'src/bench/main.ts', explore: 'src/explore/main.ts', soak: 'src/soak/main.ts', 'report-schema': 'src/report-schema.ts' },
    outdir: 'dist', packages: 'external' }),
  build({ ...common, entryPoints: ['src/scenarios/worker-oom/web/main.ts'], outfile: 'dist/web/server.mjs', banner }),
  build({ ...common, entryPoints: ['src/scenarios/worker-oom/web/redrive/main.ts'], outfile: 'dist/web/redrive.mjs', banner }),
]);
chmodSync('bin/async-outage-lab.js', 0o755);
