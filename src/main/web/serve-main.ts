// Standalone entry of the browser host (used by Playwright and by hand), run from the sources only
// (it is not built, so neither a packaged app nor `latent-explorer serve` can pass --test-hooks):
//   node --import tsx src/main/web/serve-main.ts [--port 0] [--host 127.0.0.1] [--data-dir DIR] [--root DIR]… [--test-hooks]
import { parseArgs } from 'node:util';
import { runServe } from './serve.js';

const USAGE = 'usage: serve-main.ts [--port 0] [--host 127.0.0.1] [--data-dir DIR] [--root DIR]… [--test-hooks]';

function parse(argv: string[]): { port: number; host: string; dataDir?: string; roots?: string[]; testHooks: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      root: { type: 'string', multiple: true },
      'test-hooks': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got "${values.port}"`);
  return {
    port,
    host: values.host,
    testHooks: values['test-hooks'],
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values.root?.length ? { roots: values.root } : {}),
  };
}

let args;
try {
  args = parse(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
runServe(args).then(
  () => process.exit(),
  (e: unknown) => {
    process.stderr.write(`latent-explorer: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
