// Step 8: a live counter per card (by the network's own way of counting) and a live preview.
// X's weighted length is approximated here (twitter-text v3: links 23, most scripts 1, CJK and emoji 2);
// the server checks it exactly before anything is sent.
(function () {
  "use strict";
  var URL_RE = /\bhttps?:\/\/[^\s]+|\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|id|org|net|go\.id|co\.id|info)(?:\/[^\s]*)?/gi;
  var LIGHT = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]];

  function weight(cp) {
    for (var i = 0; i < LIGHT.length; i++) {
      if (cp >= LIGHT[i][0] && cp <= LIGHT[i][1]) return 1;
    }
    return 2;
  }

  function xLength(text) {
    var total = 0;
    var rest = text.normalize("NFC").replace(URL_RE, function () { total += 23; return ""; });
    for (var ch of rest) total += weight(ch.codePointAt(0));
    return total;
  }

  function count(text, counting) {
    if (counting === "x-weighted") return xLength(text);
    if (counting === "utf8-bytes") return new TextEncoder().encode(text).length;
    return text.length;
  }

  function update(card) {
    var area = card.querySelector("[data-share-text]");
    if (!area) return;
    var n = count(area.value, card.dataset.counting);
    var limit = parseInt(card.dataset.limit, 10);
    var counter = card.querySelector("[data-counter]");
    card.querySelector("[data-count]").textContent = n;
    counter.classList.toggle("share-counter--over", n > limit);
    var preview = card.querySelector("[data-preview]");
    if (preview) preview.innerText = area.value;
    var title = card.querySelector("input[name^='title-']");
    var previewTitle = card.querySelector("[data-preview-title]");
    if (title && previewTitle) previewTitle.textContent = title.value;
  }

  document.querySelectorAll(".share-card").forEach(function (card) {
    card.addEventListener("input", function () { update(card); });
    var copy = card.querySelector("[data-copy]");
    if (copy) {
      copy.addEventListener("click", function () {
        var text = card.querySelector("[data-share-text]").value;
        navigator.clipboard.writeText(text).then(function () {
          copy.dataset.done = "1";
          copy.classList.add("copied");
        });
      });
    }
    update(card);
  });
})();
