/** A dropped folder is walked for its files, up to this many (a CD holds a few thousand). */
const MAX_FILES = 20_000;

/**
 * The files of a drop: dropped folders are walked (FileSystemEntry API), plain files taken as
 * they are. Where entries are not offered (a synthetic drop), the plain file list is used.
 */
export async function filesOfDrop(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  if (!entries.some((e) => e.isDirectory)) return [...data.files];
  const files: File[] = [];
  const pending: FileSystemEntry[] = [...entries];
  while (pending.length && files.length < MAX_FILES) {
    const entry = pending.shift()!;
    if (entry.isFile) files.push(await fileOf(entry as FileSystemFileEntry));
    else if (entry.isDirectory)
      pending.push(...(await childrenOf(entry as FileSystemDirectoryEntry)));
  }
  return files;
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** readEntries answers in batches (100 in Chromium) until it answers an empty one. */
async function childrenOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve) =>
      reader.readEntries(resolve, () => resolve([])),
    );
    if (!batch.length) return all;
    all.push(...batch);
  }
}
