// Upload many photos and videos from the item's media page: file picker, a card's DCIM folder, or drag
// and drop. One photo per request, so one bad file never stops the rest; videos go in chunks that can
// resume after a dropped connection. No inline scripts or styles: the page's CSP forbids them.
(() => {
  "use strict";
  const root = document.querySelector("[data-media-upload]");
  if (!root) return;

  const PHOTO = /\.(jpe?g|png|webp|avif|tiff?|gif|heic|heif)$/i;
  const VIDEO = /\.(mp4|mov|m4v)$/i;
  const msg = root.dataset;
  const PARALLEL = Math.max(1, parseInt(msg.parallel, 10) || 3);
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const list = root.querySelector("[data-file-list]");
  const overall = root.querySelector("[data-overall]");
  const overallBar = root.querySelector("[data-overall-bar]");
  const overallText = root.querySelector("[data-overall-text]");
  // Looked up at each upload: htmx may have swapped the list (a gallery re-orders its photos that way).
  const photoList = () => document.querySelector("[data-photo-list]");
  const videoList = () => document.querySelector("[data-video-list]");

  const queue = [];
  const state = { total: 0, done: 0, failed: 0, bytes: 0, sent: new Map(), running: 0 };

  function kindOf(file) {
    if (file.name.startsWith(".")) return null;
    if (file.type.startsWith("video/") || VIDEO.test(file.name)) return root.dataset.videoUrl ? "video" : null;
    if (file.type.startsWith("image/") || PHOTO.test(file.name)) return "photo";
    return null;
  }

  function row(file, text) {
    const li = document.createElement("li");
    li.className = "upload-row";
    const name = document.createElement("span");
    name.className = "upload-row__name";
    name.textContent = pathOf(file);
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const status = document.createElement("span");
    status.className = "upload-row__status";
    status.textContent = text;
    li.append(name, bar, status);
    list.append(li);
    return { li, bar, status };
  }

  function updateOverall() {
    let sent = 0;
    for (const value of state.sent.values()) sent += value;
    overall.hidden = false;
    overallBar.value = state.bytes ? Math.round((sent * 100) / state.bytes) : 100;
    overallText.textContent = msg.msgOverall
      .replace("%(done)s", state.done)
      .replace("%(total)s", state.total)
      .replace("%(failed)s", state.failed);
  }

  function finish(item, ok, text) {
    item.ui.li.classList.add(ok ? "upload-row--ok" : "upload-row--bad");
    item.ui.status.textContent = text;
    item.ui.bar.value = ok ? 100 : item.ui.bar.value;
    state.sent.set(item, item.file.size);
    state.done += 1;
    if (!ok) state.failed += 1;
    state.running -= 1;
    updateOverall();
    // The panel's warnings follow each file; the lists (lead photo first) once the batch is done.
    document.body.dispatchEvent(new CustomEvent("media-changed"));
    if (state.done === state.total) document.body.dispatchEvent(new CustomEvent("media-uploaded"));
    pump();
  }

  function insertCard(target, html) {
    if (!html || !target) return;
    target.insertAdjacentHTML("beforeend", html);
    const card = target.lastElementChild;
    document.querySelectorAll("[data-empty-photos]").forEach((el) => el.remove());
    const counter = document.querySelector(`[data-count-of="${target.id}"]`);
    if (counter) counter.textContent = `(${target.children.length})`;
    if (window.htmx) window.htmx.process(card);
    placeMarkers(card);
  }

  function post(url, body, headers, onProgress, method = "POST") {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.setRequestHeader("Accept", "application/json");
      for (const [k, v] of Object.entries(headers || {})) xhr.setRequestHeader(k, v);
      if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded);
      xhr.onload = () => {
        let data = {};
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = { error: xhr.statusText || String(xhr.status) }; }
        resolve({ status: xhr.status, data });
      };
      xhr.onerror = () => resolve({ status: 0, data: { error: msg.msgNetwork } });
      xhr.send(body);
    });
  }

  async function uploadPhoto(item) {
    const form = new FormData();
    form.append("file", item.file, item.file.name);
    const res = await post(root.dataset.photoUrl, form, {}, (loaded) => {
      item.ui.bar.value = Math.round((loaded * 100) / Math.max(item.file.size, 1));
      state.sent.set(item, loaded);
      updateOverall();
    });
    if (res.status === 200 || res.status === 201) {
      insertCard(photoList(), res.data.html);
      finish(item, true, res.data.message || msg.msgDone);
    } else {
      finish(item, false, `${msg.msgFailed}: ${res.data.error || res.status}`);
    }
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function uploadVideo(item) {
    const begin = new URLSearchParams({ name: item.file.name, size: String(item.file.size) });
    let res = await post(root.dataset.videoUrl, begin, { "Content-Type": "application/x-www-form-urlencoded" });
    if (res.status !== 201) return finish(item, false, `${msg.msgFailed}: ${res.data.error || res.status}`);
    const upload = res.data;
    let offset = upload.offset;
    let retries = 0;
    while (offset < item.file.size) {
      const chunk = item.file.slice(offset, Math.min(offset + upload.chunk, item.file.size));
      res = await post(upload.url, chunk, { "X-Upload-Offset": String(offset), "Content-Type": "application/octet-stream" },
        (loaded) => {
          state.sent.set(item, offset + loaded);
          item.ui.bar.value = Math.round(((offset + loaded) * 100) / item.file.size);
          updateOverall();
        }, "PUT");
      if (res.status === 200) {
        offset = res.data.offset;
        retries = 0;
      } else if (res.status === 409 && typeof res.data.offset === "number") {
        offset = res.data.offset; // the server tells where to go on from
      } else if ((res.status === 0 || res.status >= 500) && retries < 5) {
        retries += 1;
        item.ui.status.textContent = msg.msgNetwork;
        await sleep(1000 * 2 ** retries);
        const where = await post(upload.url, null, {}, null, "GET");
        if (where.status === 200) offset = where.data.offset;
      } else {
        return finish(item, false, `${msg.msgFailed}: ${res.data.error || res.status}`);
      }
      item.ui.status.textContent = msg.msgUploading;
    }
    res = await post(upload.finish, null, {});
    if (res.status === 201) {
      insertCard(videoList(), res.data.html);
      finish(item, true, msg.msgDone);
    } else {
      finish(item, false, `${msg.msgFailed}: ${res.data.error || res.status}`);
    }
  }

  function pump() {
    while (state.running < PARALLEL && queue.length) {
      const item = queue.shift();
      state.running += 1;
      item.ui.status.textContent = msg.msgUploading;
      (item.kind === "video" ? uploadVideo(item) : uploadPhoto(item)).catch((e) => finish(item, false, `${msg.msgFailed}: ${e}`));
    }
  }

  const pathOf = (file) => file.webkitRelativePath || file.name;

  function add(files) {
    // In the card's own order (IMG_0001 before IMG_0002), whatever order the browser lists them in.
    files.sort((a, b) => pathOf(a).localeCompare(pathOf(b), undefined, { numeric: true }));
    for (const file of files) {
      const kind = kindOf(file);
      if (!kind) {
        if (!file.name.startsWith(".")) row(file, msg.msgSkipped).li.classList.add("upload-row--skip");
        continue;
      }
      const item = { file, kind, ui: row(file, msg.msgWaiting) };
      state.total += 1;
      state.bytes += file.size;
      state.sent.set(item, 0);
      queue.push(item);
    }
    updateOverall();
    pump();
  }

  root.querySelectorAll("input[data-files]").forEach((input) => {
    input.addEventListener("change", () => {
      add(Array.from(input.files));
      input.value = "";
    });
  });

  // Dropped folders are walked entry by entry (a card's DCIM folder holds sub-folders per day).
  function readEntries(reader) {
    return new Promise((resolve) => reader.readEntries(resolve, () => resolve([])));
  }
  async function walk(entry, out) {
    if (entry.isFile) {
      out.push(await new Promise((resolve) => entry.file(resolve, () => resolve(null))));
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
        for (const child of batch) await walk(child, out);
      }
    }
  }
  const zone = root.querySelector("[data-dropzone]");
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("dropzone--over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dropzone--over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("dropzone--over");
    const items = Array.from(e.dataTransfer.items || []);
    const entries = items.map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    if (!entries.length) return add(Array.from(e.dataTransfer.files));
    const files = [];
    for (const entry of entries) await walk(entry, files);
    add(files.filter(Boolean));
  });

  // The focal point: a click on the photo sets it; the marker shows where it is.
  function placeMarkers(scope) {
    (scope || document).querySelectorAll("[data-focal-marker]").forEach((marker) => {
      marker.style.left = `${parseFloat(marker.dataset.x) * 100}%`;
      marker.style.top = `${parseFloat(marker.dataset.y) * 100}%`;
    });
  }
  document.addEventListener("click", (e) => {
    const img = e.target.closest(".photo-preview--focal img");
    if (!img) return;
    const card = img.closest("[data-photo-card]");
    const box = img.getBoundingClientRect();
    const x = Math.min(Math.max((e.clientX - box.left) / box.width, 0), 1).toFixed(4);
    const y = Math.min(Math.max((e.clientY - box.top) / box.height, 0), 1).toFixed(4);
    card.querySelector("input[name$=focal_x]").value = x;
    card.querySelector("input[name$=focal_y]").value = y;
    const marker = card.querySelector("[data-focal-marker]");
    if (marker) {
      marker.dataset.x = x;
      marker.dataset.y = y;
      placeMarkers(card);
    }
  });
  document.body.addEventListener("htmx:afterSettle", () => placeMarkers(document));
  placeMarkers(document);
})();
