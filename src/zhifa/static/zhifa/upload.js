/* zhifa — a small tus 1.0.0 client for the evidence upload page (no third-party code).
 *
 * Creates the upload with the form's fields as Upload-Metadata, sends the file in PATCH chunks with a
 * SHA-1 Upload-Checksum per chunk (where the browser offers crypto.subtle), shows progress, and on a dropped
 * connection asks the server for its offset (HEAD) and continues from there. The upload URL is remembered
 * per file (name, size, modification time) in localStorage, so choosing the same file again after a page
 * reload resumes it too.
 */
(function () {
  "use strict";

  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var endpoint = form.getAttribute("data-endpoint");
  var CHUNK = 16 * 1024 * 1024;
  var TUS = "1.0.0";
  var input = document.getElementById("file");
  var startButton = document.getElementById("start");
  var pauseButton = document.getElementById("pause");
  var box = document.getElementById("progress-box");
  var bar = document.getElementById("progress");
  var text = document.getElementById("progress-text");
  var statusBox = document.getElementById("upload-status");

  var current = null;     // the XMLHttpRequest in flight
  var paused = false;
  var running = false;
  var finished = false;   // handed in: this form is done, a second tap must not send it again
  var notice = null;      // the server's word on a hand-in it already had
  var wake = null;        // resolves the wait before a retry early (the browser came back online)

  function say(message, kind) {
    statusBox.className = kind === "error" ? "errorlist" : (kind === "ok" ? "messages" : "muted");
    statusBox.textContent = "";
    if (message instanceof Node) { statusBox.appendChild(message); } else { statusBox.textContent = message; }
  }

  function human(bytes) {
    var units = ["字节", "KB", "MB", "GB", "TB"];
    var i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i += 1; }
    return (i === 0 ? bytes : bytes.toFixed(1)) + " " + units[i];
  }

  function showProgress(done, total) {
    box.hidden = false;
    var pct = total ? Math.floor(done * 100 / total) : 0;
    bar.value = pct;
    text.textContent = "已上传 " + human(done) + " / " + human(total) + "（" + pct + "%）";
  }

  function base64Utf8(value) {
    var bytes = new TextEncoder().encode(value);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary);
  }

  function base64Bytes(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary);
  }

  function metadata(file) {
    var values = {};
    var data = new FormData(form);
    data.forEach(function (value, key) {
      if (key === "file" || key === "csrfmiddlewaretoken" || typeof value !== "string" || value === "") { return; }
      values[key] = values[key] ? values[key] + "," + value : value;
    });
    values.filename = file.name;
    values.filetype = file.type || "";
    return Object.keys(values).map(function (key) {
      return values[key] === "" ? key : key + " " + base64Utf8(values[key]);
    }).join(",");
  }

  function fingerprint(file) {
    return "zhifa-tus:" + [file.name, file.size, file.lastModified].join(":");
  }

  function request(method, url, headers, body, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open(method, url, true);
      xhr.setRequestHeader("Tus-Resumable", TUS);
      Object.keys(headers || {}).forEach(function (name) { xhr.setRequestHeader(name, String(headers[name])); });
      if (onProgress) {
        xhr.upload.onprogress = function (event) { onProgress(event.loaded); };
      }
      xhr.onload = function () { current = null; resolve(xhr); };
      xhr.onerror = function () { current = null; reject(new Error("network")); };
      xhr.onabort = function () { current = null; reject(new Error("abort")); };
      xhr.ontimeout = function () { current = null; reject(new Error("network")); };
      xhr.send(body === undefined ? null : body);
    });
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      var timer = setTimeout(done, ms);
      function done() { clearTimeout(timer); wake = null; resolve(); }
      wake = done;
    });
  }

  async function checksum(chunk) {
    if (!(window.crypto && window.crypto.subtle)) { return null; }  // not a secure context: no checksum
    var digest = await window.crypto.subtle.digest("SHA-1", await chunk.arrayBuffer());
    return "sha1 " + base64Bytes(digest);
  }

  function fatal(xhr, fallback) {
    var error = new Error((xhr && xhr.responseText) || fallback || ("服务器返回 " + (xhr ? xhr.status : "错误")));
    error.fatal = true;
    return error;
  }

  // The server's offset for url; retries through dropped connections. null when the upload is gone.
  async function serverOffset(url) {
    var delay = 1000;
    for (;;) {
      if (paused) { throw new Error("abort"); }
      try {
        var xhr = await request("HEAD", url);
        if (xhr.status === 200) {
          remember(xhr);
          return { offset: parseInt(xhr.getResponseHeader("Upload-Offset"), 10),
                   evidence: xhr.getResponseHeader("Zhifa-Evidence") };
        }
        if (xhr.status === 404 || xhr.status === 410) { return null; }
        throw fatal(xhr);
      } catch (e) {
        if (e.fatal || e.message === "abort") { throw e; }
        say("连接中断，" + Math.round(delay / 1000) + " 秒后重试……", "info");
        await sleep(delay);
        delay = Math.min(delay * 2, 30000);
      }
    }
  }

  function remember(xhr) {
    var said = xhr.getResponseHeader("Zhifa-Notice");
    if (said) { notice = decodeURIComponent(said); }
  }

  async function create(file) {
    var xhr = await request("POST", endpoint, { "Upload-Length": file.size, "Upload-Metadata": metadata(file) });
    if (xhr.status !== 201) { throw fatal(xhr); }
    return xhr.getResponseHeader("Location");
  }

  async function upload(file) {
    var key = fingerprint(file);
    var url = null;
    var offset = 0;
    var evidence = null;
    try { url = window.localStorage.getItem(key); } catch (e) { url = null; }
    if (url) {
      var found = await serverOffset(url);
      if (found === null) { url = null; } else { offset = found.offset; evidence = found.evidence; }
      if (url && offset > 0) { say("从上次中断处（" + human(offset) + "）继续上传", "info"); }
    }
    if (!url) {
      url = await create(file);
      try { window.localStorage.setItem(key, url); } catch (e) { /* private mode: resume within this page only */ }
    }
    var delay = 1000;
    showProgress(offset, file.size);
    while (offset < file.size && !evidence) {
      if (paused) { throw new Error("abort"); }
      var chunk = file.slice(offset, Math.min(offset + CHUNK, file.size));
      var headers = { "Upload-Offset": offset, "Content-Type": "application/offset+octet-stream" };
      var sum = await checksum(chunk);
      if (sum) { headers["Upload-Checksum"] = sum; }
      var base = offset;
      try {
        var xhr = await request("PATCH", url, headers, chunk, function (loaded) {
          showProgress(base + loaded, file.size);
        });
        if (xhr.status === 204) {
          remember(xhr);
          offset = parseInt(xhr.getResponseHeader("Upload-Offset"), 10);
          evidence = xhr.getResponseHeader("Zhifa-Evidence");
          delay = 1000;
          say("", "info");
          showProgress(offset, file.size);
          continue;
        }
        if (xhr.status === 409 || xhr.status === 460 || xhr.status >= 500) {
          if (xhr.status === 460) { say("本段校验不符，正在重传……", "info"); }
          var again = await serverOffset(url);
          if (again === null) { throw fatal(null, "该上传已过期或已取消，请重新选择文件上传"); }
          offset = again.offset;
          evidence = again.evidence;
          continue;
        }
        if (xhr.status === 404 || xhr.status === 410) {
          try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
        }
        throw fatal(xhr);
      } catch (e) {
        if (e.fatal || e.message === "abort") { throw e; }
        say("连接中断，" + Math.round(delay / 1000) + " 秒后从断点继续……", "info");
        await sleep(delay);
        delay = Math.min(delay * 2, 30000);
        var resumed = await serverOffset(url);
        if (resumed === null) { throw fatal(null, "该上传已过期或已取消，请重新选择文件上传"); }
        offset = resumed.offset;
        evidence = resumed.evidence;
      }
    }
    if (!evidence) {
      var last = await serverOffset(url);
      evidence = last && last.evidence;
    }
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
    return evidence;
  }

  async function run() {
    var file = input.files && input.files[0];
    if (!file) { say("请选择文件", "error"); return; }
    if (file.size === 0) { say("文件为空（0 字节）：空文件不能作为证据，请选择有内容的文件", "error"); return; }
    if (running || finished) { return; }
    running = true;
    paused = false;
    startButton.disabled = true;
    pauseButton.hidden = false;
    pauseButton.textContent = "暂停";
    try {
      var evidence = await upload(file);
      showProgress(file.size, file.size);
      finished = true;
      var done = document.createElement("span");
      done.appendChild(document.createTextNode(notice ? notice + "。" : "已移交。"));
      if (evidence) {
        var link = document.createElement("a");
        link.href = evidence;
        link.id = "evidence-link";
        link.textContent = "查看证据与摄录情况记录";
        done.appendChild(link);
      }
      var again = document.createElement("a");
      again.href = window.location.pathname;
      again.id = "upload-another";
      again.className = "button secondary";
      again.textContent = "移交另一份证据";
      done.appendChild(document.createTextNode(" "));
      done.appendChild(again);
      say(done, "ok");
      pauseButton.hidden = true;
      startButton.hidden = true;
      if (evidence && form.dataset.then) { await fileWith(form.dataset.then, evidence, done); }
    } catch (e) {
      if (e.message === "abort") {
        say("已暂停。点“继续”从断点接着上传。", "info");
        pauseButton.textContent = "继续";
      } else {
        say(e.message, "error");
        pauseButton.hidden = true;
      }
    } finally {
      running = false;
      startButton.disabled = finished;
    }
  }

  // ``data-then``: a page of this site that files the evidence just handed in (a case, at its stage).
  async function fileWith(then, evidenceUrl, done) {
    var id = (evidenceUrl.match(/\/records\/(\d+)\//) || [])[1];
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!id || !token) { return; }
    var body = new URLSearchParams({ evidence: id });
    var response = await fetch(then, { method: "POST", body: body, credentials: "same-origin",
                                       headers: { "X-CSRFToken": token.value } });
    var back = document.createElement("a");
    back.id = "filed-link";
    back.href = response.url;
    back.textContent = response.ok ? "已登记到案件，返回案件" : "未能登记到案件，返回案件后手工登记";
    done.appendChild(document.createTextNode(" "));
    done.appendChild(back);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  pauseButton.addEventListener("click", function () {
    if (running) {
      paused = true;
      if (current) { current.abort(); }
      if (wake) { wake(); }
    } else {
      run();
    }
  });

  window.addEventListener("online", function () { if (wake) { wake(); } });
}());
