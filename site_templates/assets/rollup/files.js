// Files chosen or dropped on the roll-up pages, read in this browser only.
export const MAX_BYTES = 262144; // the CLI's and the form's limit on a result file (256 KB)
export const MAX_FILES = 5000;   // more files than this in one go are not read

// The dropped items' files, folders walked recursively (hidden names skipped, like the CLI).
export async function droppedFiles(dataTransfer) {
  const entries = [...dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  if (!entries.length) return [...dataTransfer.files].map((file) => ({ file, path: file.name }));
  const out = [];
  const walk = async (entry) => {
    if (out.length >= MAX_FILES) return;
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail)).catch(() => null);
      if (file) out.push({ file, path: entry.fullPath.replace(/^\//, "") });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail)).catch(() => []);
        if (!batch.length) break;
        for (const child of batch) if (!child.name.startsWith(".")) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return out;
}

// The files of an <input type=file> (a folder's keep their path inside it).
export const chosenFiles = (input) => [...input.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));

// Each file as inputs.js readResults takes it: {path, text: its bytes}, or {path, text: null, size}
// when it is too large to read (nothing beyond the limit is read) or cannot be read.
export async function readAll(found) {
  const out = [];
  for (const { file, path } of found.slice(0, MAX_FILES)) {
    if (file.size > MAX_BYTES) { out.push({ path, text: null, size: file.size }); continue; }
    try { out.push({ path, text: new Uint8Array(await file.arrayBuffer()), size: file.size }); }
    catch (e) { out.push({ path, text: null, size: 0 }); }
  }
  return out;
}

// Offer text as a download (made here: nothing is sent anywhere).
export function offer(name, text, type) {
  const a = Object.assign(document.createElement("a"), { download: name, href: URL.createObjectURL(new Blob([text], { type })) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 5000);
}

// Today as YYYY-MM-DD in local time.
export const today = () => new Date().toLocaleDateString("sv-SE");
