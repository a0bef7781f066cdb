/* zhifa — the upload form's helpers for the field (no third-party code).
 *
 * 定位: fills 纬度 and 经度 from the device (navigator.geolocation), and says plainly why when it cannot.
 * 类别: suggested from the chosen file's type, by the server's own table (data-kind-rules, from
 * records.uploads.KIND_BY_TYPE), and a visible warning when the chosen kind and the file disagree.
 */
(function () {
  "use strict";

  var form = document.getElementById("upload-form");
  if (!form) { return; }

  // ---------------------------------------------------------------- 定位

  var locate = document.getElementById("locate");
  var locateStatus = document.getElementById("locate-status");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");

  function tell(message, kind) {
    locateStatus.textContent = message;
    locateStatus.className = kind === "error" ? "help error" : (kind === "ok" ? "help ok" : "help");
  }

  var REFUSED = {
    1: "未获准使用位置信息：请在浏览器或手机的设置中允许本网站使用位置后再点“定位”，或手动填写经纬度。",
    2: "暂时无法取得位置（无信号或定位服务已关闭）：请稍后再试，或手动填写经纬度。",
    3: "定位超时：请到开阔处再点“定位”，或手动填写经纬度。"
  };

  if (locate && latitude && longitude) {
    locate.addEventListener("click", function () {
      if (!("geolocation" in navigator)) {
        tell("此浏览器不支持定位，请手动填写经纬度。", "error");
        return;
      }
      if (window.isSecureContext === false) {
        tell("浏览器只在加密连接（HTTPS）下提供位置：请通过 HTTPS 访问本系统，或手动填写经纬度。", "error");
        return;
      }
      locate.disabled = true;
      tell("正在定位……", "info");
      navigator.geolocation.getCurrentPosition(function (position) {
        locate.disabled = false;
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        var accuracy = position.coords.accuracy ? "（精度约 " + Math.round(position.coords.accuracy) + " 米）" : "";
        tell("已定位：纬度 " + latitude.value + "，经度 " + longitude.value + accuracy + "。", "ok");
      }, function (error) {
        locate.disabled = false;
        tell(REFUSED[error.code] || "定位失败，请手动填写经纬度。", "error");
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }

  // ---------------------------------------------------------------- 类别

  var file = document.getElementById("file");
  var kind = document.getElementById("id_kind");
  var hint = document.getElementById("kind-hint");
  var rules = { rules: [], otherwise: "document" };
  try { rules = JSON.parse(form.getAttribute("data-kind-rules") || "") || rules; } catch (e) { /* keep none */ }
  var SCAN = "scan";          // a scan is a picture or a PDF: it agrees with either
  var touched = false;        // the user chose the kind: suggest no more, only warn

  function suggested(f) {
    var type = (f.type || "").toLowerCase();
    var name = f.name || "";
    var ext = name.lastIndexOf(".") > 0 ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
    for (var i = 0; i < rules.rules.length; i += 1) {
      var rule = rules.rules[i];
      if (type.indexOf(rule[1]) === 0 || rule[2].indexOf(ext) >= 0) { return rule[0]; }
    }
    return rules.otherwise;
  }

  function label(value) {
    for (var i = 0; i < kind.options.length; i += 1) {
      if (kind.options[i].value === value) { return kind.options[i].textContent; }
    }
    return value;
  }

  function agrees(chosen, guess) {
    return chosen === guess || (chosen === SCAN && (guess === "photo" || guess === "document"));
  }

  function show(message, warn) {
    hint.hidden = !message;
    hint.textContent = message;
    hint.className = warn ? "kind-hint warn" : "kind-hint";
  }

  function check(justSet) {
    var f = file.files && file.files[0];
    if (!f) { show("", false); return; }
    var guess = suggested(f);
    if (agrees(kind.value, guess)) {
      show(justSet ? "已按文件类型选为“" + label(guess) + "”；如不符可更改。" : "", false);
    } else {
      show("请注意：所选类别“" + label(kind.value) + "”与文件类型不符，所选文件像是“" + label(guess) + "”" +
           (f.type ? "（" + f.type + "）" : "") + "。请确认类别。", true);
    }
  }

  if (file && kind && hint) {
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      if (f && !touched) {
        kind.value = suggested(f);
        check(true);
      } else {
        check(false);
      }
    });
    kind.addEventListener("change", function () {
      touched = true;
      check(false);
    });
  }
}());
