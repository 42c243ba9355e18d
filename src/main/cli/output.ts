// Writing results: the JSON report (last stdout line, optionally a file) and exported files.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Writes bytes to `path`, creating its folder; returns the absolute path. */
export async function writeOutput(path: string, bytes: Uint8Array | string): Promise<string> {
  const abs = resolve(path);
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, bytes);
  return abs;
}

/** Prints the report as ONE line on stdout (scripts read the last line) and to `reportPath` if given. */
export async function emitReport(report: object, reportPath: string | null): Promise<void> {
  const line = JSON.stringify(report);
  if (reportPath !== null) await writeOutput(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${line}\n`);
}
