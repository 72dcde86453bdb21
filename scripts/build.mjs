// Bundles the CLI (dependencies stay external) and the web service (fully self-contained:
// the web image gets no node_modules, only this one file) into dist/, which the package ships;
// and the development tools (tools/) into build/tools/, which it does not.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', sourcemap: false, logLevel: 'warning' };
const banner = { js: "import { createRequire as __aolCreateRequire } from 'node:module'; const require = __aolCreateRequire(import.meta.url);" };

// A clean start: a bundle that is no longer built must not linger in the package.
for (const dir of ['dist', 'build']) rmSync(dir, { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts', shim: 'src/shim/main.ts', 'report-schema': 'src/report-schema.ts' },
    outdir: 'dist',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: { playthrough: 'tools/playthrough/main.ts', bench: 'tools/bench/main.ts', explore: 'tools/explore/main.ts', soak: 'tools/soak/main.ts' },
    outdir: 'build/tools',
    packages: 'external',
  }),
  build({ ...common, entryPoints: ['src/kits/celery-redis/web/main.ts'], outfile: 'dist/web/server.mjs', banner }),
  build({ ...common, entryPoints: ['src/kits/celery-redis/web/redrive/main.ts'], outfile: 'dist/web/redrive.mjs', banner }),
]);
chmodSync('bin/async-outage-lab.js', 0o755);
