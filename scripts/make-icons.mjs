// Draws the app icons (a flame on a night-violet tile) and writes them as PNGs into public/icons/.
// Run `node scripts/make-icons.mjs` after changing the drawing; the PNGs are committed.
import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const OUT_DIR = fileURLToPath(new URL("../public/icons/", import.meta.url));
const BACKGROUND = [0x1b, 0x10, 0x33];
const FLAME_BASE = [0xff, 0x4e, 0x1f];
const FLAME_TIP = [0xff, 0xb0, 0x20];
const CORE = [0xff, 0xe8, 0x8a];
const SUPERSAMPLE = 4;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG from `rgba` (size*size*4 bytes). */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, filter 0, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

/** Inside a teardrop flame whose round base is centred at (cx, cy) with radius r and whose tip is at tipY. */
function inFlame(x, y, cx, cy, r, tipY) {
  if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) return true;
  if (y < tipY || y > cy) return false;
  const t = (y - tipY) / (cy - tipY); // 0 at the tip, 1 at the base centre
  const sway = 0.15 * r * Math.sin(t * Math.PI); // a slight lean makes it read as fire
  return Math.abs(x - cx - sway) <= r * t ** 1.6;
}

function lerp(a, b, t) {
  return a.map((value, i) => value + (b[i] - value) * t);
}

/** Colour and coverage of one sample at unit coordinates (u, v) in [0, 1). */
function sample(u, v, { maskable }) {
  const scale = maskable ? 0.62 : 0.8; // maskable icons keep the motif in the central safe zone
  const x = 0.5 + (u - 0.5) / scale;
  const y = 0.5 + (v - 0.5) / scale;
  const corner = 0.2;
  const dx = Math.max(corner - u, 0, u - (1 - corner));
  const dy = Math.max(corner - v, 0, v - (1 - corner));
  const inTile = maskable || dx * dx + dy * dy <= corner * corner;
  if (!inTile) return [0, 0, 0, 0];
  if (inFlame(x, y, 0.5, 0.64, 0.24, 0.1)) {
    if (inFlame(x, y, 0.5, 0.72, 0.12, 0.4)) return [...CORE, 255];
    return [...lerp(FLAME_TIP, FLAME_BASE, Math.min(1, Math.max(0, (y - 0.1) / 0.78))), 255];
  }
  return [...BACKGROUND, 255];
}

function drawIcon(size, options) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const [r, g, b, a] = sample((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size, options);
          sum[0] += r * a;
          sum[1] += g * a;
          sum[2] += b * a;
          sum[3] += a;
        }
      }
      const offset = (py * size + px) * 4;
      const alpha = sum[3] / SUPERSAMPLE ** 2;
      for (let i = 0; i < 3; i++) rgba[offset + i] = sum[3] ? Math.round(sum[i] / sum[3]) : 0;
      rgba[offset + 3] = Math.round(alpha);
    }
  }
  return encodePng(size, rgba);
}

const ICONS = [
  { file: "icon-192.png", size: 192, maskable: false },
  { file: "icon-512.png", size: 512, maskable: false },
  { file: "maskable-512.png", size: 512, maskable: true },
  { file: "apple-touch-icon-180.png", size: 180, maskable: true },
];

mkdirSync(OUT_DIR, { recursive: true });
for (const { file, size, maskable } of ICONS) {
  const png = drawIcon(size, { maskable });
  writeFileSync(new URL(file, `file://${OUT_DIR}`), png);
  console.log(`public/icons/${file}: ${size}x${size}, ${png.length} bytes`);
}
