#!/usr/bin/env python3
"""Train Latent Explorer's VAEs in PyTorch, on one process or many (torchrun + DistributedDataParallel),
and write a model folder the app and `latent-explorer` open directly (encoder.onnx, decoder.onnx and
meta.json in the conventions of `latent-explorer import`).

Needs only Debian's python3-torch (python3-pil for image folders). Run it with /usr/bin/python3.

  /usr/bin/python3 python/train.py --data DIR --out MODEL-DIR [--arch mlp|conv] [--hidden 512]
      [--filters 32,32,64,64] [--latent 20] [--epochs 10] [--batch 128] [--lr 1e-3] [--beta 1] [--loss bce|mse]
      [--size 28] [--fit crop|pad] [--colour auto|grey|rgb] [--background black|white]
      [--test-fraction 0.1] [--split-seed 0] [--limit N] [--seed 0] [--threads T]

  torchrun --nproc_per_node 2 python/train.py ...      (gloo on CPUs, nccl when CUDA is present)
  torchrun --nnodes 4 --nproc_per_node 8 --rdzv_endpoint HOST:PORT python/train.py ...

--batch is the TOTAL batch over all processes (each takes batch/world of every global batch), so a
run on N processes takes the same optimisation steps as one process with the same --batch.
DIR is an IDX directory (train-images-idx3-ubyte[.gz], t10k-* as test; without t10k a seeded 10%
of train is held out) or an image folder preprocessed with the app's folder options (recursive; EXIF
orientation, alpha onto --background, centre-crop or letterbox (--fit) to --size × --size, --colour;
a seeded --test-fraction held out), recorded in meta.json's `folder` so the app loads it the same way.
The architectures are the app's (src/main/engine/model.ts): mlp = D-hidden…-latent (ReLU), decoder
mirrored; conv = the β-VAE model, one 4×4 stride-2 convolution (padding 1, ReLU) per entry of
--filters (default 32,32,64,64), each halving the side, then the dense --hidden layers (default 256
for conv), decoder mirrored with transposed convolutions. A side that does not halve evenly is
zero-padded inside the model to the next multiple of 2^layers (centred, the extra row/column at the
bottom/right) and the decoder's output is cropped back, so the loss covers exactly the image's
pixels; a side fits at most log2(side) convolutions. The last stdout line is one JSON report (rank 0).
"""
import argparse, gzip, json, os, shutil, struct, sys, time

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

# The app's decodable extensions (src/main/data/folder-scan.ts).
EXTS = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".tif", ".tiff", ".avif")
HOLD_OUT = 0.1
# The app's defaults (src/shared/contract.ts DEFAULT_CONV_FILTERS / DEFAULT_CONV_HIDDEN, DEFAULT_TRAIN_CONFIG).
CONV_FILTERS = "32,32,64,64"
CONV_HIDDEN = "256"
MLP_HIDDEN = "512"


def read_idx_images(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            sys.exit(f"{path}: not an IDX image file (magic {magic})")
        data = f.read(n * rows * cols)
    return torch.frombuffer(bytearray(data), dtype=torch.uint8).view(n, 1, rows, cols).float().div_(255.0)


def find(dirname, stem):
    for name in (stem, stem + ".gz"):
        p = os.path.join(dirname, name)
        if os.path.exists(p):
            return p
    return None


def read_folder(root, size, fit, colour, background):
    """The app's folder preprocessing (src/main/data/folder-decode.ts): EXIF orientation applied,
    transparency flattened onto the background, centre-cropped (crop) or letterboxed onto the
    background (pad) to size × size; colour 'auto' = rgb when any image has colour."""
    from PIL import Image, ImageOps

    rels = []
    for d, subdirs, files in os.walk(root):
        subdirs[:] = [s for s in subdirs if not s.startswith(".")]
        for f in files:
            if f.lower().endswith(EXTS) and not f.startswith("."):
                rels.append(os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/"))
    # Sorted by relative path in code-unit order, as the app does, so indices and splits agree.
    paths = [os.path.join(root, r) for r in sorted(rels, key=lambda r: r.encode("utf-16-be"))]
    if not paths:
        sys.exit(f"{root}: no images found")
    bg = (255, 255, 255) if background == "white" else (0, 0, 0)
    images = []
    for p in paths:
        im = ImageOps.exif_transpose(Image.open(p)).convert("RGBA")
        flat = Image.new("RGBA", im.size, bg + (255,))
        im = Image.alpha_composite(flat, im).convert("RGB")
        if fit == "crop":
            im = ImageOps.fit(im, (size, size), Image.LANCZOS)
        else:
            im = ImageOps.pad(im, (size, size), Image.LANCZOS, color=bg)
        images.append(im)
    if colour == "auto":
        colour = "grey"
        for im in images:
            r, g, b = im.split()
            if r.tobytes() != g.tobytes() or g.tobytes() != b.tobytes():
                colour = "rgb"
                break
    channels = 1 if colour == "grey" else 3
    out = torch.empty(len(images), channels, size, size)
    for i, im in enumerate(images):
        im = im.convert("L") if channels == 1 else im
        t = torch.frombuffer(bytearray(im.tobytes()), dtype=torch.uint8).float().div_(255.0)
        out[i] = t.view(size, size, channels).permute(2, 0, 1)
    return out, colour


def mulberry32(seed):
    s = seed & 0xFFFFFFFF

    def rand():
        nonlocal s
        s = (s + 0x6D2B79F5) & 0xFFFFFFFF
        t = ((s ^ (s >> 15)) * (1 | s)) & 0xFFFFFFFF
        t = ((t + (((t ^ (t >> 7)) * (61 | t)) & 0xFFFFFFFF)) & 0xFFFFFFFF) ^ t
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return rand


def held_out(x, fraction, seed):
    """The app's seededSplit (src/main/data/split.ts): the same seed holds out the same images."""
    n = x.shape[0]
    count = min(max(0, round(n * fraction)), max(0, n - 1))
    order = list(range(n))
    rand = mulberry32(seed)
    for i in range(n - 1, 0, -1):
        j = int(rand() * (i + 1))
        order[i], order[j] = order[j], order[i]
    test = sorted(order[:count])
    chosen = set(test)
    train = [i for i in range(n) if i not in chosen]
    return x[train], x[test]


def load(a):
    """(train, test, folder settings or None)."""
    if os.path.isdir(a.data) and find(a.data, "train-images-idx3-ubyte"):
        train = read_idx_images(find(a.data, "train-images-idx3-ubyte"))
        test_path = find(a.data, "t10k-images-idx3-ubyte")
        if test_path:
            return train, read_idx_images(test_path), None
        return (*held_out(train, HOLD_OUT, 0), None)
    x, colour = read_folder(a.data, a.size, a.fit, a.colour, a.background)
    settings = {"size": a.size, "fit": a.fit, "colour": colour, "background": a.background}
    return (*held_out(x, a.test_fraction, a.split_seed), settings)


def conv_plan(filters, h, w):
    """The app's convPlan (src/main/engine/model.ts): zero padding (top, bottom, left, right) that makes
    both sides multiples of 2^layers, and the feature map's height and width after the last conv."""
    f = 2 ** len(filters)
    ph = -(-h // f) * f - h
    pw = -(-w // f) * f - w
    top, left = ph // 2, pw // 2
    return (top, ph - top, left, pw - left), (h + ph) // f, (w + pw) // f


def check_filters(filters, h, w):
    """The app's rule (validateConfig): each conv halves the side, so a side fits log2(side) of them."""
    most = min(h, w).bit_length() - 1
    if not filters:
        sys.exit("--filters needs at least one number, e.g. 32,32,64,64")
    if len(filters) > most:
        sys.exit(
            f"{w}×{h} px images fit at most {most} stride-2 convolutions (each halves the side), "
            f"got {len(filters)} filters [{', '.join(map(str, filters))}]: use fewer."
        )


class Encoder(nn.Module):
    """x [n, C, H, W] in [0, 1] → μ, log σ² [n, latent]."""

    def __init__(self, arch, c, h, w, hidden, latent, filters):
        super().__init__()
        layers, prev = [], c * h * w
        self.pad = None
        if arch == "conv":
            (top, bottom, left, right), fh, fw = conv_plan(filters, h, w)
            if top or bottom or left or right:
                self.pad = (left, right, top, bottom)  # F.pad's order: last dim first
            ch = c
            for f in filters:
                layers += [nn.Conv2d(ch, f, 4, 2, 1), nn.ReLU()]
                ch = f
            prev = ch * fh * fw
        layers.append(nn.Flatten())
        for size in hidden:
            layers += [nn.Linear(prev, size), nn.ReLU()]
            prev = size
        self.body = nn.Sequential(*layers)
        self.mu = nn.Linear(prev, latent)
        self.logvar = nn.Linear(prev, latent)

    def forward(self, x):
        if self.pad:
            x = F.pad(x, self.pad)
        h = self.body(x)
        return self.mu(h), self.logvar(h)


class View(nn.Module):
    """[n, a·b·c] → [n, a, b, c] (a Reshape in ONNX; nn.Unflatten does not export at opset 13)."""

    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


class Decoder(nn.Module):
    """z [n, latent] → logits [n, C, H, W] (cropped back to the image where the encoder padded)."""

    def __init__(self, arch, c, h, w, hidden, latent, filters):
        super().__init__()
        self.shape = (c, h, w)
        self.crop = None
        layers, prev = [], latent
        for size in reversed(hidden):
            layers += [nn.Linear(prev, size), nn.ReLU()]
            prev = size
        if arch == "conv":
            (top, bottom, left, right), fh, fw = conv_plan(filters, h, w)
            if top or bottom or left or right:
                self.crop = (top, left)
            layers += [nn.Linear(prev, filters[-1] * fh * fw), nn.ReLU(), View(filters[-1], fh, fw)]
            chans = [c] + filters
            for i in range(len(filters) - 1, -1, -1):
                layers.append(nn.ConvTranspose2d(chans[i + 1], chans[i], 4, 2, 1))
                if i > 0:
                    layers.append(nn.ReLU())
        else:
            layers += [nn.Linear(prev, c * h * w), View(*self.shape)]
        self.body = nn.Sequential(*layers)

    def forward(self, z):
        out = self.body(z)
        if self.crop:
            top, left = self.crop
            out = out[:, :, top : top + self.shape[1], left : left + self.shape[2]]
        return out


class Vae(nn.Module):
    """Encoder and decoder in one forward, so that DDP's reducer sees every parameter in one call."""

    def __init__(self, enc, dec):
        super().__init__()
        self.enc, self.dec = enc, dec

    def forward(self, x, eps):
        mu, logvar = self.enc(x)
        z = mu + torch.exp(0.5 * logvar) * eps
        return mu, logvar, self.dec(z)


def neg_elbo_sums(logits, x, mu, logvar, loss):
    if loss == "bce":
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    else:
        rec = 0.5 * F.mse_loss(torch.sigmoid(logits), x, reduction="sum")
    kl = 0.5 * torch.sum(logvar.exp() + mu.pow(2) - 1.0 - logvar)
    return rec, kl


def test_elbo(enc, dec, x, loss, seed, samples=10):
    """Mean ELBO per image (nats), each image's single-sample ELBO averaged over `samples` draws of z
    (so the estimate's own noise is well under a nat)."""
    g = torch.Generator().manual_seed(seed)
    rec = kl = 0.0
    with torch.no_grad():
        for s in range(0, x.shape[0], 1000):
            xb = x[s : s + 1000]
            mu, logvar = enc(xb)
            for _ in range(samples):
                z = mu + torch.exp(0.5 * logvar) * torch.randn(mu.shape, generator=g)
                r, k = neg_elbo_sums(dec(z), xb, mu, logvar, loss)
                rec += r.item() / samples
                kl += k.item() / samples
    return -(rec + kl) / x.shape[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--arch", choices=["mlp", "conv"], default="mlp")
    ap.add_argument("--hidden", default=None, help=f"dense sizes (default {MLP_HIDDEN}; conv {CONV_HIDDEN})")
    ap.add_argument("--filters", default=None, help=f"conv only: channels of each stride-2 conv (default {CONV_FILTERS})")
    ap.add_argument("--latent", type=int, default=20)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=128, help="total batch over all processes")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--beta", type=float, default=1.0)
    ap.add_argument("--loss", choices=["bce", "mse"], default="bce")
    ap.add_argument("--size", type=int, default=28)
    ap.add_argument("--fit", choices=["crop", "pad"], default="crop")
    ap.add_argument("--colour", "--color", choices=["auto", "grey", "rgb"], default="auto")
    ap.add_argument("--background", choices=["black", "white"], default="black")
    ap.add_argument("--test-fraction", type=float, default=HOLD_OUT)
    ap.add_argument("--split-seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.arch != "conv" and a.filters is not None:
        sys.exit("--filters applies to --arch conv only")
    hidden_text = a.hidden if a.hidden is not None else (CONV_HIDDEN if a.arch == "conv" else MLP_HIDDEN)
    hidden = [int(h) for h in hidden_text.split(",") if h]
    filters = [int(f) for f in (a.filters or CONV_FILTERS).split(",") if f] if a.arch == "conv" else None

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    cuda = torch.cuda.is_available()
    if world > 1:
        dist.init_process_group("nccl" if cuda else "gloo")
    device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', '0'))}" if cuda else "cpu")
    if a.threads:
        torch.set_num_threads(a.threads)
    if a.batch % world:
        sys.exit(f"--batch {a.batch} must be divisible by the number of processes ({world})")
    torch.manual_seed(a.seed)  # every rank starts from the same weights (DDP also broadcasts rank 0's)

    x_train, x_test, folder = load(a)
    if a.limit:
        x_train = x_train[: a.limit]
    c, h, w = x_train.shape[1], x_train.shape[2], x_train.shape[3]
    if filters is not None:
        check_filters(filters, h, w)
    enc = Encoder(a.arch, c, h, w, hidden, a.latent, filters).to(device)
    dec = Decoder(a.arch, c, h, w, hidden, a.latent, filters).to(device)
    model = Vae(enc, dec)
    train_model = nn.parallel.DistributedDataParallel(model) if world > 1 else model
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    n = x_train.shape[0]
    local = a.batch // world
    gen = torch.Generator().manual_seed(a.seed)  # the same permutation on every rank
    # ε is drawn for the whole global batch and sliced like the images, so N processes compute the
    # very same step as one process (up to float summation order).
    eps_gen = torch.Generator().manual_seed(a.seed + 1)
    t0 = time.perf_counter()
    losses = []
    for _ in range(a.epochs):
        perm = torch.randperm(n, generator=gen)
        total = rsum = ksum = 0.0
        e0 = time.perf_counter()
        for s in range(0, n, a.batch):
            idx = perm[s : s + a.batch]
            size = idx.shape[0]
            # This rank's share of the global batch; the loss is divided by the global size so
            # that DDP's gradient mean over ranks × world equals one process's gradient.
            eps = torch.randn(size, a.latent, generator=eps_gen)
            part = slice(rank * local, (rank + 1) * local) if size == a.batch else slice(rank, None, world)
            xb = x_train[idx[part]].to(device)
            mu, logvar, logits = train_model(xb, eps[part].to(device))
            rec, kl = neg_elbo_sums(logits, xb, mu, logvar, a.loss)
            loss = (rec + a.beta * kl) * world / size
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * size / world
            rsum += rec.item()
            ksum += kl.item()
        if world > 1:
            t = torch.tensor([total, rsum, ksum], device=device)
            dist.all_reduce(t)
            total, rsum, ksum = t.tolist()
        losses.append((total / n, rsum / n, ksum / n, time.perf_counter() - e0))
    seconds = time.perf_counter() - t0

    if rank == 0:
        enc.cpu().eval()
        dec.cpu().eval()
        elbo = test_elbo(enc, dec, x_test, a.loss, a.seed)
        write_model(a, enc, dec, (c, h, w), hidden, filters, elbo, losses, folder)
        with torch.no_grad():
            mu5 = enc(x_test[:5])[0]
        print(
            json.dumps(
                {
                    "impl": f"pytorch {torch.__version__}",
                    "processes": world,
                    "backend": ("nccl" if cuda else "gloo") if world > 1 else None,
                    "images": n,
                    "test_images": x_test.shape[0],
                    "epochs": a.epochs,
                    "batch": a.batch,
                    "train_loss": [round(v[0], 4) for v in losses],
                    "test_elbo": elbo,
                    "parameters": sum(p.numel() for p in model.parameters()),
                    "mu_first5_test": mu5.tolist(),
                    "seconds": round(seconds, 2),
                    "out": os.path.abspath(a.out),
                }
            )
        )
    if world > 1:
        dist.destroy_process_group()


def write_model(a, enc, dec, chw, hidden, filters, elbo, losses, folder):
    """Writes encoder.onnx, decoder.onnx and meta.json into a temp folder, then renames it to --out."""
    out = os.path.abspath(a.out)
    if os.path.exists(out) and not os.path.exists(os.path.join(out, "meta.json")):
        sys.exit(f"{out} exists and is not a model folder; choose another --out")
    tmp = f"{out}.tmp-{os.getpid()}"
    os.makedirs(tmp, exist_ok=True)
    dummy = torch.zeros(1, *chw)
    axes = {"x": {0: "n"}, "mu": {0: "n"}, "logvar": {0: "n"}, "z": {0: "n"}, "logits": {0: "n"}}
    torch.onnx.export(enc, dummy, os.path.join(tmp, "encoder.onnx"), input_names=["x"],
                      output_names=["mu", "logvar"], dynamic_axes={k: axes[k] for k in ("x", "mu", "logvar")}, opset_version=13)
    torch.onnx.export(dec, torch.zeros(1, a.latent), os.path.join(tmp, "decoder.onnx"), input_names=["z"],
                      output_names=["logits"], dynamic_axes={k: axes[k] for k in ("z", "logits")}, opset_version=13)
    meta = onnx_meta(a, chw, hidden, filters, elbo, losses)
    if folder:
        meta["folder"] = folder  # how the app loads the folder for this model
    with open(os.path.join(tmp, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
    if os.path.exists(out):
        old = f"{out}.old-{os.getpid()}"
        os.rename(out, old)
        os.rename(tmp, out)
        shutil.rmtree(old)
    else:
        os.rename(tmp, out)


def onnx_meta(a, chw, hidden, filters, elbo, losses):
    """meta.json as `latent-explorer import` writes it (src/main/engine/onnx/meta.ts)."""
    c, h, w = chw
    config = {
        "arch": a.arch, "hidden": hidden, "latent": a.latent, "epochs": a.epochs, "batchSize": a.batch,
        "learningRate": a.lr, "beta": a.beta, "klWarmupEpochs": 0, "loss": a.loss, "seed": a.seed,
        "backend": "auto", "limit": a.limit,
    }
    if filters is not None:
        config["filters"] = filters
    return {
        "format": "latent-explorer-vae@1",
        "name": os.path.basename(os.path.abspath(a.out)),
        "config": config,
        "shape": {"height": h, "width": w, "channels": c},
        "backend": "cpu",
        "seed": a.seed,
        "datasetFingerprint": "",
        "datasetName": os.path.basename(os.path.abspath(a.data)),
        "history": [
            {"epoch": i + 1, "loss": v, "recon": r, "kl": k, "testElbo": elbo if i == len(losses) - 1 else None,
             "seconds": sec}
            for i, (v, r, k, sec) in enumerate(losses)
        ],
        "createdAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "source": {
            "kind": "onnx", "encoder": "encoder.onnx", "decoder": "decoder.onnx", "inputLayout": "nchw",
            "inputRange": [0, 1], "encoderOutputs": "mu-logvar", "decoderOutput": "logits",
            "decoderLayout": "nchw", "likelihood": a.loss, "latent": a.latent,
            "trainedBy": f"python/train.py (pytorch {torch.__version__})",
        },
    }


if __name__ == "__main__":
    main()
