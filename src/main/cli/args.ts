// Argument parsing and validation of the `latent-explorer` command: pure (no I/O), so every rule is
// unit-tested. Any problem throws UsageError; main.ts prints it with the usage and exits 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  BASE_IMAGE,
  EVAL_FIELDS,
  FOLDER_FIELDS,
  GIF_FIELDS,
  IMAGE_A,
  IMAGE_B,
  ONNX_FIELDS,
  parseImageShape,
} from '../../shared/call-fields.js';
import {
  DEFAULT_CONV_FILTERS,
  DEFAULT_CONV_HIDDEN,
  DEFAULT_TRAIN_CONFIG,
  type BackendChoice,
  type FolderBackground,
  type FolderColour,
  type FolderFit,
  type TrainConfig,
} from '../../shared/contract.js';
import { FieldError, type Field } from '../../shared/schema.js';
import { TRAIN_FIELD_NAMES, TRAIN_FIELDS, type CliField } from '../../shared/train-fields.js';
import { COMMANDS, type CommandName } from './usage.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose usage should be shown; null = the overview. */
    readonly command: CommandName | null,
  ) {
    super(message);
  }
}

export interface TrainCommand {
  cmd: 'train';
  data: string;
  /** Image folders: side length (null = the loader's default for the colour), fit, colour, background. */
  size: number | null;
  fit: FolderFit;
  colour: FolderColour;
  background: FolderBackground;
  config: TrainConfig;
  out: string;
  /** Replace a model already at `out` (never anything that is not a model). */
  overwrite: boolean;
  report: string | null;
}

export interface EvalCommand {
  cmd: 'eval';
  model: string;
  data: string;
  iwSamples: number;
  backend: BackendChoice;
  report: string | null;
}

export interface GifCommand {
  cmd: 'gif';
  model: string;
  data: string;
  from: number;
  to: number;
  frames: number;
  fps: number;
  size: number;
  slerp: boolean;
  pingpong: boolean;
  backend: BackendChoice;
  out: string;
}

export interface GridCommand {
  cmd: 'grid';
  model: string;
  data: string;
  kind: (typeof GRID_KINDS)[number]; // the app's 'traversal' figure is not a CLI grid (yet)
  around: number | null;
  backend: BackendChoice;
  out: string;
}

export interface ServeCommand {
  cmd: 'serve';
  port: number;
  host: string;
  dataDir: string | null;
  /** Folders the browser may list and read (--root, repeatable); empty = the home folder. */
  roots: string[];
}

export interface ImportCommand {
  cmd: 'import';
  encoder: string;
  decoder: string;
  out: string;
  name: string | null;
  inputRange: [number, number];
  decoderOutput: 'logits' | 'probs';
  likelihood: 'bce' | 'mse';
  shape: { height: number; width: number; channels: 1 | 3 } | null;
}

export interface ExportOnnxCommand {
  cmd: 'export-onnx';
  model: string;
  out: string;
}

export interface HelpCommand {
  cmd: 'help';
  topic: CommandName | null;
}

export interface VersionCommand {
  cmd: 'version';
}

export type Command =
  | TrainCommand
  | EvalCommand
  | GifCommand
  | GridCommand
  | ServeCommand
  | ImportCommand
  | ExportOnnxCommand
  | HelpCommand
  | VersionCommand;

const GRID_KINDS = ['walk', 'manifold', 'samples', 'reconstructions'] as const;

type Options = NonNullable<ParseArgsConfig['options']>;
const str = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;
const help = { help: { type: 'boolean', short: 'h' } } as const;

/** One flag per training setting, named in TRAIN_FIELDS; on/off settings are bare flags. */
const TRAIN_FLAGS: Options = Object.fromEntries(
  TRAIN_FIELD_NAMES.map((k) => [TRAIN_FIELDS[k].flag, TRAIN_FIELDS[k].kind === 'bool' ? flag : str]),
);

const OPTIONS: Record<CommandName, Options> = {
  train: {
    ...help,
    ...TRAIN_FLAGS,
    data: str,
    size: str,
    fit: str,
    colour: str,
    background: str,
    out: str,
    overwrite: flag,
    report: str,
  },
  eval: { ...help, model: str, data: str, 'iw-samples': str, backend: str, report: str },
  gif: {
    ...help,
    model: str,
    data: str,
    from: str,
    to: str,
    frames: str,
    fps: str,
    size: str,
    slerp: flag,
    pingpong: flag,
    backend: str,
    out: str,
  },
  grid: { ...help, model: str, data: str, kind: str, around: str, backend: str, out: str },
  import: {
    ...help,
    encoder: str,
    decoder: str,
    out: str,
    name: str,
    'input-range': str,
    'decoder-output': str,
    likelihood: str,
    shape: str,
  },
  'export-onnx': { ...help, model: str, out: str },
  serve: { ...help, port: str, host: str, 'data-dir': str, root: { type: 'string', multiple: true } },
};

// Only serve --root sets `multiple` (read with Reader.list); every other option is a single value.
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Options whose value may start with a dash (`--input-range -1,1`, as users write it). */
const DASH_VALUES = new Set(['--input-range']);

/** node's parseArgs takes `--opt -1,1` for a missing value: such pairs become `--opt=-1,1`. */
function joinDashValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (DASH_VALUES.has(a) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Parses argv (without node and the script). Throws UsageError on anything wrong. */
export function parseCli(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { cmd: 'help', topic: null };
  if (first === '--version' || first === '-V') return { cmd: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { cmd: 'help', topic: null };
    if (!isCommand(topic)) throw new UsageError(`unknown command "${topic}"`, null);
    return { cmd: 'help', topic };
  }
  if (!isCommand(first)) {
    throw new UsageError(first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`, null);
  }
  const cmd = first;
  let values: Values;
  try {
    ({ values } = parseArgs({
      args: joinDashValues(rest),
      options: OPTIONS[cmd],
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(describeParseError(err), cmd);
  }
  if (values.help === true) return { cmd: 'help', topic: cmd };
  const v = new Reader(cmd, values);
  switch (cmd) {
    case 'train':
      return parseTrain(v);
    case 'eval':
      return {
        cmd,
        model: v.required('model'),
        data: v.required('data'),
        iwSamples: v.field('iw-samples', EVAL_FIELDS.iwSamples, DEFAULT_IW_SAMPLES),
        backend: v.field('backend', TRAIN_FIELDS.backend, 'auto'),
        report: v.optional('report'),
      };
    case 'gif':
      return {
        cmd,
        model: v.required('model'),
        data: v.required('data'),
        from: v.requiredField('from', IMAGE_A),
        to: v.requiredField('to', IMAGE_B),
        frames: v.field('frames', GIF_FIELDS.frames, 30),
        fps: v.field('fps', GIF_FIELDS.fps, 15),
        size: v.field('size', GIF_FIELDS.size, 256),
        slerp: v.bool('slerp'),
        pingpong: v.bool('pingpong'),
        backend: v.field('backend', TRAIN_FIELDS.backend, 'auto'),
        out: v.required('out'),
      };
    case 'grid': {
      const kind = v.choice('kind', GRID_KINDS, null);
      if (kind === null) throw new UsageError('missing --kind (walk, manifold, samples or reconstructions)', cmd);
      const around = v.field('around', BASE_IMAGE, null);
      if (around !== null && (kind === 'samples' || kind === 'reconstructions')) {
        throw new UsageError(`--around applies to --kind walk or manifold, not ${kind}`, cmd);
      }
      return {
        cmd,
        model: v.required('model'),
        data: v.required('data'),
        kind,
        around,
        backend: v.field('backend', TRAIN_FIELDS.backend, 'auto'),
        out: v.required('out'),
      };
    }
    case 'serve':
      return {
        cmd,
        port: v.int('port', 0, 0, 65535),
        host: v.optional('host') ?? '127.0.0.1',
        dataDir: v.optional('data-dir'),
        roots: v.list('root'),
      };
    case 'import':
      return parseImport(v);
    case 'export-onnx':
      return { cmd, model: v.required('model'), out: v.required('out') };
  }
}

function parseImport(v: Reader): ImportCommand {
  // The same fields (labels, choices) as the app's import dialog: shared/call-fields.ts ONNX_FIELDS.
  const range = v.field('input-range', ONNX_FIELDS.inputRange, '0,1');
  const shapeText = v.optional('shape');
  let shape: ImportCommand['shape'] = null;
  if (shapeText !== null) {
    try {
      shape = parseImageShape(shapeText);
    } catch (e) {
      if (e instanceof FieldError) throw new UsageError(`--shape: ${e.message}`, 'import');
      throw e;
    }
  }
  return {
    cmd: 'import',
    encoder: v.required('encoder'),
    decoder: v.required('decoder'),
    out: v.required('out'),
    name: v.optional('name'),
    inputRange: range === '0,1' ? [0, 1] : [-1, 1],
    decoderOutput: v.field('decoder-output', ONNX_FIELDS.decoderOutput, 'logits'),
    likelihood: v.field('likelihood', ONNX_FIELDS.likelihood, 'bce'),
    shape,
  };
}

/** Importance samples of `eval` when --iw-samples is not given. */
export const DEFAULT_IW_SAMPLES = 100;

function parseTrain(v: Reader): TrainCommand {
  const arch = v.field(TRAIN_FIELDS.arch.flag, TRAIN_FIELDS.arch, DEFAULT_TRAIN_CONFIG.arch);
  // The conv model has its own defaults for the dense part and the filters; the MLP has no filters.
  const fallbacks: Partial<Record<keyof TrainConfig, unknown>> =
    arch === 'conv' ? { hidden: [...DEFAULT_CONV_HIDDEN], filters: [...DEFAULT_CONV_FILTERS] } : {};
  if (arch !== 'conv' && v.optional(TRAIN_FIELDS.filters.flag) !== null)
    throw new UsageError('--filters applies to --arch conv only', 'train');
  const config: Record<string, unknown> = {};
  for (const key of TRAIN_FIELD_NAMES) {
    const f = TRAIN_FIELDS[key] as CliField<unknown>;
    const fallback: unknown = key in fallbacks ? fallbacks[key] : DEFAULT_TRAIN_CONFIG[key];
    const value = f.kind === 'bool' ? v.bool(f.flag) || fallback : v.field(f.flag, f, fallback);
    if (value !== undefined) config[key] = value;
  }
  return {
    cmd: 'train',
    data: v.required('data'),
    size: v.field('size', FOLDER_FIELDS.size, null),
    fit: v.field('fit', FOLDER_FIELDS.fit, 'crop'),
    colour: v.field('colour', FOLDER_FIELDS.colour, 'auto'),
    background: v.field('background', FOLDER_FIELDS.background, 'black'),
    config: config as unknown as TrainConfig,
    out: v.required('out'),
    overwrite: v.bool('overwrite'),
    report: v.optional('report'),
  };
}

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

function describeParseError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // node:util's messages name the option and end with advice about "--" that does not apply here.
  return msg.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown option');
}

/** Typed, range-checked access to the parsed option values of one command. */
class Reader {
  constructor(
    private readonly cmd: CommandName,
    private readonly values: Values,
  ) {}

  private raw(name: string): string | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new UsageError(`--${name} needs a value`, this.cmd);
    if (value === '' || value.startsWith('--')) throw new UsageError(`--${name} needs a value`, this.cmd);
    return value;
  }

  optional(name: string): string | null {
    return this.raw(name) ?? null;
  }

  /** A repeatable option: every value given, in order. */
  list(name: string): string[] {
    const value = this.values[name];
    const all = value === undefined ? [] : Array.isArray(value) ? value : [value];
    return all.map((x) => {
      if (typeof x !== 'string' || x === '' || x.startsWith('--'))
        throw new UsageError(`--${name} needs a value`, this.cmd);
      return x;
    });
  }

  required(name: string): string {
    const value = this.raw(name);
    if (value === undefined) throw new UsageError(`missing --${name}`, this.cmd);
    return value;
  }

  bool(name: string): boolean {
    return this.values[name] === true;
  }

  /** The flag's value parsed by its schema field (limits and message from the one definition). */
  field<T, F extends T | null>(name: string, f: Field<T>, fallback: F): T | F {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    try {
      return f.parse(text);
    } catch (e) {
      if (e instanceof FieldError) throw new UsageError(`--${name}: ${e.message}`, this.cmd);
      throw e;
    }
  }

  requiredField<T>(name: string, f: Field<T>): T {
    const value = this.field(name, f, null);
    if (value === null) throw new UsageError(`missing --${name}`, this.cmd);
    return value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    if (!/^-?\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number, got "${text}"`, this.cmd);
    const n = Number(text);
    if (n < min || n > max) throw new UsageError(`--${name} must be from ${min} to ${max}, got ${text}`, this.cmd);
    return n;
  }

  choice<T extends string, F extends T | null>(name: string, options: readonly T[], fallback: F): T | F {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    if (!(options as readonly string[]).includes(text)) {
      throw new UsageError(`--${name} must be one of ${options.join(', ')}, got "${text}"`, this.cmd);
    }
    return text as T;
  }
}
