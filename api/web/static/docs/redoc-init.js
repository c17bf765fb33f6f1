// ReDoc for /redoc, from the app's own copy (no CDN); a static file so the CSP needs no inline
// script.
(function () {
  "use strict";
  Redoc.init("/openapi.json", { disableSearch: false }, document.getElementById("redoc"));
})();
