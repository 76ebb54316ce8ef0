/* The server's name folding (core.text.fold and fold_compact) in the browser, so that a name typed on a phone
   without network finds the same people as on the server. Keep it in step with core/text.py: a test runs both
   on the same tricky names (onsite/tests/test_offline_fold_browser.py). */
(function (root) {
  "use strict";
  var CONTROLS = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
  var DIACRITICS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g; // with tatweel
  var LETTERS = /[أإآٱؤئىةیکء]/g;
  var LETTER = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه", "ی": "ي",
    "ک": "ك", "ء": "" };
  var DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
  // Python drops what has a combining class; for Latin and Arabic letters that is the nonspacing marks.
  var MARKS = /[\p{Mn}\p{Me}]/gu;
  // Python's \s also matches U+001C–U+001F and U+0085, which JavaScript's does not.
  var SEPARATORS = /[\s\x1c-\x1f\x85\-_'’`.,/()]+/gu;

  function fold(value) {
    if (value === null || value === undefined || value === "") return "";
    var text = String(value).replace(CONTROLS, "").normalize("NFKC");
    text = text.replace(DIACRITICS, "").replace(LETTERS, function (ch) { return LETTER[ch]; });
    text = text.replace(DIGITS, function (ch) { return String(ch.charCodeAt(0) & 0xf); });
    text = text.normalize("NFKD").replace(MARKS, "").toLowerCase();
    return text.replace(SEPARATORS, " ").trim();
  }

  function foldCompact(value) {
    return fold(value).replace(/ /g, "");
  }

  root.QafilaFold = { fold: fold, foldCompact: foldCompact };
})(typeof self !== "undefined" ? self : this);
