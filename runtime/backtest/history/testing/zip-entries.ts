import { inflateRawSync } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;

/**
 * The files of a small zip archive, by name, read from its local headers with Node's own inflate: enough for
 * the stored or deflated entries of the sample data (Zip64 sizes included), no npm package. Archives that put sizes after the data
 * (flag bit 3) or are encrypted are refused, not misread.
 */
export function zipEntries(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (at + 30 <= zip.length && zip.readUInt32LE(at) === LOCAL_HEADER) {
    const flags = zip.readUInt16LE(at + 6);
    const method = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 26);
    const extraLength = zip.readUInt16LE(at + 28);
    const size = compressedSize(zip, at, at + 30 + nameLength, extraLength);
    if ((flags & 0x9) !== 0 || (method !== 0 && method !== 8)) throw new Error(`zip entry at byte ${at}: flags ${flags}, method ${method} not supported`);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extraLength;
    const data = zip.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at = start + size;
  }
  return files;
}

/** The entry's compressed size: in the header, or, when that says 0xFFFFFFFF, in its Zip64 extra field. */
function compressedSize(zip: Buffer, header: number, extra: number, extraLength: number): number {
  const size = zip.readUInt32LE(header + 18);
  if (size !== 0xffffffff) return size;
  for (let at = extra; at + 4 <= extra + extraLength; at += 4 + zip.readUInt16LE(at + 2)) {
    // Zip64 in a local header: uncompressed size, then compressed size, 8 bytes each.
    if (zip.readUInt16LE(at) === 0x0001) return Number(zip.readBigUInt64LE(at + 12));
  }
  throw new Error(`zip entry at byte ${header}: no Zip64 size`);
}
