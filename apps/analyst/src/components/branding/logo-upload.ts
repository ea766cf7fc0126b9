/** A logo file as the body of an upload through the typed client: the bytes themselves, not JSON. */
export function logoUpload(file: File) {
  return {
    body: file as unknown as string,
    bodySerializer: (body: unknown) => body as BodyInit,
    headers: { 'Content-Type': file.type || 'application/octet-stream' },
  };
}
