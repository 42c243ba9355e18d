// Help texts of the `latent-explorer` command (printed by --help and with every usage error).
import { FOLDER_SIZE_MAX, FOLDER_SIZE_MIN } from '../../shared/contract.js';
import { GIF_BUDGET_TEXT } from '../../shared/gif-budget.js';

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

  --model DIR        a model directory written by train or the app (mlp or conv)
  --out DIR          folder to write encoder.onnx and decoder.onnx into (created; files must not exist)
                     in the conventions of import: encoder x [n, C, H, W] in [0, 1] → mu, logvar;
                     decoder z [n, latent] → logits [n, C, H, W].
`,
  train: `Usage: latent-explorer train --data SOURCE --out MODEL-DIR [options]

${DATA}
  --out DIR          where the model directory is written (atomically, after every epoch); it must
                     not exist yet (or be empty) unless it holds a model and --overwrite is given
  --overwrite        replace the model already in --out (never a folder or file that is not a model)
  --arch mlp|conv    architecture (default mlp; conv for RGB images)
  --hidden 512[,256] hidden layer sizes of the MLP (default 512)
  --latent N         latent size, 2..128 (default 20)
  --epochs N         (default 10)
  --batch N          batch size (default 128)
  --lr X             Adam learning rate (default 1e-3)
  --beta X           weight of the KL term (default 1)
  --kl-warmup N      epochs over which beta ramps up from 0 (default 0)
  --loss bce|mse     reconstruction loss (default bce)
  --size N           image folders: square side, ${FOLDER_SIZE_MIN}..${FOLDER_SIZE_MAX} px (default 28 grey, 32 rgb)
  --fit crop|pad     image folders: centre crop (default) or letterbox the whole image
  --colour C         image folders: grey | rgb | auto (default auto: rgb if any image has colour)
  --background B     image folders: black | white, what transparency and pad bars become (default black)
  --seed N           seed of initialisation, shuffling and sampling (default 0)
${BACKEND}
  --limit N          train on the first N training images only (default 0 = all)
  --threads N        threads that train in parallel on the wasm backend (default 0 = all cores)
  --report FILE      also write the JSON report to FILE
`,
  eval: `Usage: latent-explorer eval --model MODEL-DIR --data SOURCE [options]

  --model DIR        a model directory written by train or the app
${DATA}
  --iw-samples K     importance samples per test image for the NLL estimate (default 100)
${BACKEND}
  --report FILE      also write the JSON report to FILE
`,
  gif: `Usage: latent-explorer gif --model MODEL-DIR --data SOURCE --from I --to J --out FILE.gif [options]

  --model DIR        a model directory written by train or the app
${DATA}
  --from I, --to J   dataset indices of the two images (train first, then test)
  --frames N         frames from I to J (default 30)
  --fps N            frames per second (default 15)
  --size N           output side in pixels (default 256)
  --slerp            spherical instead of linear interpolation
  --pingpong         loop back from J to I
                     a GIF may have ${GIF_BUDGET_TEXT}
${BACKEND}
  --out FILE         the GIF to write
`,
  grid: `Usage: latent-explorer grid --model MODEL-DIR --data SOURCE --kind KIND --out FILE.png [options]

  --model DIR        a model directory written by train or the app
${DATA}
  --kind KIND        walk (each latent dim, ranked by KL, over -3..+3) | manifold (the two
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

export function usage(command: CommandName | null): string {
  return command === null ? OVERVIEW : HELP[command];
}
