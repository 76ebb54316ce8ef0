/* The check-in desk: after each answer the box is emptied and focused for the next badge, and the camera
   can read badges' QR codes (the browser's BarcodeDetector where it has one, else jsQR, loaded only then).
   The page works without any of this: plain form posts. */
(function () {
  "use strict";
  var form = document.querySelector("form.scan");
  if (!form) return;
  var box = form.querySelector("[name=q]");
  var start = document.querySelector("[data-camera-start]");
  var view = document.querySelector(".camera");
  var video = view.querySelector("video");
  var status = view.querySelector(".camera-status");
  var stream = null, detector = null, timer = null, canvas = null;
  var last = { code: "", at: 0 };

  function ready() {
    box.value = "";
    if (!stream) box.focus(); // with the camera on, a phone keyboard would hide it
  }
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id === "result") ready();
  });

  if (!start || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return; // no camera (or no HTTPS)
  start.hidden = false;

  function loadLibrary() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) return resolve();
      var script = document.createElement("script");
      script.src = start.dataset.library;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function chooseReader() {
    if (!("BarcodeDetector" in window)) return loadLibrary();
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") < 0) return loadLibrary();
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    }, loadLibrary);
  }

  function read() {
    if (detector) {
      return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
    }
    // jsQR reads pixels: a small copy of the frame is enough for a badge held in front of the camera.
    var scale = Math.min(1, 480 / video.videoWidth);
    var width = Math.round(video.videoWidth * scale), height = Math.round(video.videoHeight * scale);
    canvas = canvas || document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, width, height);
    var found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height,
      { inversionAttempts: "dontInvert" });
    return Promise.resolve(found ? found.data : null);
  }

  function tick() {
    if (!stream) return;
    var reading = video.readyState >= 2 && video.videoWidth ? read() : Promise.resolve(null);
    reading.then(function (code) {
      code = (code || "").trim();
      var now = Date.now();
      // The same badge stays in front of the camera for a moment: one submission, not ten.
      if (code && !(code === last.code && now - last.at < 10000)) {
        last = { code: code, at: now };
        box.value = code;
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
        timer = setTimeout(tick, 1500);
        return;
      }
      timer = setTimeout(tick, 150);
    }, function () { timer = setTimeout(tick, 500); });
  }

  function stop() {
    clearTimeout(timer);
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    view.hidden = true;
    start.hidden = false;
    box.focus();
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        view.hidden = false;
        start.hidden = true;
        status.textContent = start.dataset.looking;
        return Promise.all([video.play(), chooseReader()]);
      })
      .then(tick, function () {
        if (stream) stop();
        view.hidden = false;
        status.textContent = start.dataset.unavailable;
      });
  });
  view.querySelector("[data-camera-stop]").addEventListener("click", stop);
})();
