// Help texts of the `latent-explorer` command (printed by --help and with every usage error).
// The training options are written from TRAIN_FIELDS, so their labels, limits and defaults are the
// ones the form and the service use.
import { EVAL_FIELDS, FOLDER_FIELDS, GIF_FIELDS } from '../../shared/call-fields.js';
import { DEFAULT_CONV_FILTERS, DEFAULT_CONV_HIDDEN, DEFAULT_TRAIN_CONFIG } from '../../shared/contract.js';
import { GIF_BUDGET_TEXT } from '../../shared/gif-budget.js';
import { TRAIN_FIELD_NAMES, TRAIN_FIELDS } from '../../shared/train-fields.js';

export const COMMANDS = ['train', 'eval', 'gif', 'grid', 'serve', 'import', 'export-onnx'] as const;
export type CommandName = (typeof COMMANDS)[number];

const DATA = `  --data SOURCE      builtin:mnist | an IDX directory (train-images-idx3-ubyte[.gz], t10k-* as test)
                     | an image folder (recursive; first sub-folder level = label)`;
const BACKEND = `  --backend NAME     auto | tensorflow-gpu | tensorflow | wasm | cpu (default auto: first that works)`;

const OVERVIEW = `Usage: latent-explorer <command> [options]

Train a Variational Autoencoder and explore its latent space, headless.

Commands:
  train    train a VAE on a dataset and save the model directory
  eval     test ELBO, importance-weighted NLL and KL per latent dimension of a model
  gif      GIF of the interpolation between two images of a dataset
  grid     PNG grid: latent walk, 2-D manifold, prior samples or reconstructions
  serve    serve the app to a browser on this machine
  import   make a model folder from a VAE trained elsewhere (ONNX encoder + decoder)
  export-onnx  write a model's encoder and decoder as ONNX files

Run "latent-explorer <command> --help" for the options of a command.
train and eval print progress on stderr and, as the last line on stdout, one JSON report.
Exit status: 0 done, 1 bad data or model, 2 bad arguments.
`;

/** Settings whose default depends on --arch. */
const ARCH_DEFAULTS: Partial<Record<string, string>> = {
  hidden: `${DEFAULT_TRAIN_CONFIG.hidden.join(',')} (mlp), ${DEFAULT_CONV_HIDDEN.join(',')} (conv)`,
  filters: `${DEFAULT_CONV_FILTERS.join(',')} (conv only)`,
};

const HELP: Record<CommandName, string> = {
  import: `Usage: latent-explorer import --encoder ENC.onnx --decoder DEC.onnx --out MODEL-DIR [options]

  Conventions (PyTorch's, as torch.onnx.export writes them; read from the graphs' shapes):
  encoder: float32 images [n, C, H, W] or flat [n, C·H·W] → μ, log σ² [n, latent] (two outputs,
           or one [n, 2·latent] read as [μ | log σ²]); decoder: z [n, latent] → [n, C, H, W] or flat.
  --input-range 0,1|-1,1     pixel range the encoder was trained on (default 0,1)
  --decoder-output logits|probs   what the decoder outputs (default logits)
  --likelihood bce|mse       reconstruction likelihood for ELBO and NLL (default bce)
  --shape HxWxC              image shape, only for a flat encoder input that is not a square image
  --name TEXT                the model's name (default: the folder's name)
  --out DIR                  the model folder to create (must not exist)
`,
  'export-onnx': `Usage: latent-explorer export-onnx --model MODEL-DIR --out DIR

  --model DIR        a model directory written by train, import or the app (mlp, conv or imported)
  --out DIR          folder to write encoder.onnx and decoder.onnx into (created; files must not exist)
                     in the conventions of import: encoder x [n, C, H, W] in [0, 1] → mu, logvar;
                     decoder z [n, latent] → logits [n, C, H, W]. A model imported from ONNX is
                     written as the files it came from, unchanged (its own conventions).
`,
  train: `Usage: latent-explorer train --data SOURCE --out MODEL-DIR [options]

${DATA}
  --out DIR          where the model directory is written (atomically, after every epoch); it must
                     not exist yet (or be empty) unless it holds a model and --overwrite is given
  --overwrite        replace the model already in --out (never a folder or file that is not a model)
${trainOptions()}
  --size N           image folders: square side, ${FOLDER_FIELDS.size.rule} (default 28 grey, 32 rgb)
  --fit crop|pad     image folders: centre crop (default) or letterbox the whole image
  --colour C         image folders: grey | rgb | auto (default auto: rgb if any image has colour)
  --background B     image folders: black | white, what transparency and pad bars become (default black)
  --report FILE      also write the JSON report to FILE
`,
  eval: `Usage: latent-explorer eval --model MODEL-DIR --data SOURCE [options]

  --model DIR        a model directory written by train or the app
${DATA}
  --iw-samples K     importance samples per test image for the NLL estimate: ${EVAL_FIELDS.iwSamples.rule} (default 100)
${BACKEND}
  --report FILE      also write the JSON report to FILE
`,
  gif: `Usage: latent-explorer gif --model MODEL-DIR --data SOURCE --from I --to J --out FILE.gif [options]

  --model DIR        a model directory written by train or the app
${DATA}
  --from I, --to J   dataset indices of the two images (train first, then test)
  --frames N         frames from I to J: ${GIF_FIELDS.frames.rule} (default 30)
  --fps X            frames per second: ${GIF_FIELDS.fps.rule} (default 15)
  --size N           output side in pixels: ${GIF_FIELDS.size.rule} (default 256)
  --slerp            spherical instead of linear interpolation
  --pingpong         loop back from J to I
                     a GIF may have ${GIF_BUDGET_TEXT}
${BACKEND}
  --out FILE         the GIF to write
`,
  grid: `Usage: latent-explorer grid --model MODEL-DIR --data SOURCE --kind KIND --out FILE.png [options]

  --model DIR        a model directory written by train or the app
${DATA}
  --kind KIND        walk (each latent dim, ranked by KL, over -3..+3 prior σ) | manifold (the two
                     highest-KL dims) | samples (from the prior) | reconstructions (test images)
  --around I         walk / manifold around the code of dataset image I (default: the origin)
${BACKEND}
  --out FILE         the PNG to write
`,
  serve: `Usage: latent-explorer serve [options]

  --port N           port to listen on (default 0 = any free port; the URL is printed)
  --host ADDR        address to bind (default 127.0.0.1)
  --data-dir DIR     where models and caches are kept (default: the app's data directory)
  --root DIR         a folder the browser may list and load data or models from; repeatable
                     (default: your home folder; the data directory is always allowed).
                     The host never writes where the browser says: exports are downloads.
`,
};

/** One entry per training setting: flag, label, what it does, its limits and default (wrapped at 100 columns). */
function trainOptions(): string {
  return TRAIN_FIELD_NAMES.map((key) => {
    const f = TRAIN_FIELDS[key];
    const d = DEFAULT_TRAIN_CONFIG[key];
    const head = `  --${f.flag}${f.metavar ? ` ${f.metavar}` : ''}`.padEnd(21);
    const what = f.help ? `${f.label} — ${f.help}` : f.label;
    const limits = f.kind === 'bool' ? '' : `; ${f.rule}`;
    const dflt =
      ARCH_DEFAULTS[key] ?? (f.kind === 'bool' ? (d ? 'on' : 'off') : Array.isArray(d) ? d.join(',') : String(d));
    return wrap(`${head}${what}${limits}; default ${dflt}`, 21);
  }).join('\n');
}

function wrap(line: string, indent: number, width = 100): string {
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    if (cut <= indent) break;
    out.push(rest.slice(0, cut));
    rest = ' '.repeat(indent) + rest.slice(cut + 1);
  }
  out.push(rest);
  return out.join('\n');
}

export function usage(command: CommandName | null): string {
  return command === null ? OVERVIEW : HELP[command];
}
