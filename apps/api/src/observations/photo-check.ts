import { PHOTO_TYPES, type PhotoProblem, type PhotoType } from '#contracts';

/** The media type of a Content-Type header (`image/jpeg; q=1` → `image/jpeg`), if it is one we keep. */
export function photoType(header: string | undefined): PhotoType | undefined {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase();
  return PHOTO_TYPES.find((allowed) => allowed === type);
}

/**
 * Whether the bytes are the picture the content type names, by their signature: a JPEG starts
 * FF D8 FF, a PNG with its 8-byte signature, a WebP is a RIFF file whose form type is WEBP. A page
 * that says image/jpeg and sends HTML is refused, so a photo URL never serves anything but a picture.
 */
export function photoProblem(type: PhotoType, bytes: Uint8Array): PhotoProblem | undefined {
  if (bytes.length === 0) return 'empty';
  const starts = (signature: readonly number[], at = 0) =>
    bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);
  const ok =
    type === 'image/jpeg'
      ? starts([0xff, 0xd8, 0xff])
      : type === 'image/png'
        ? starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        : starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8);
  return ok ? undefined : 'not-that-type';
}

/** The file name of a stored photo: its random id and the extension of its type. */
export function photoFileName(id: string, type: PhotoType): string {
  const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }[type];
  return `${id}.${extension}`;
}
