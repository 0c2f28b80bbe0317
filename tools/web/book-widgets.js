/*
 * Loaded before the ipywidgets embed manager (embed-amd.js) on pages that
 * embed widget state; tools/offline_widgets.py copies it to _static/widgets/.
 *
 * 1. The embed manager loads its icon fonts from the folder that require.js
 *    gives its AMD modules, by default a path relative to the page. This
 *    file is loaded before require.js and configures it (a global `require`
 *    object) so that folder is the one that holds this file and the fonts.
 * 2. Widget labels are typeset with the MathJax 2 call MathJax.Hub.Queue; the
 *    book uses MathJax 3, which has no Hub. A small Hub routes those calls to
 *    MathJax.typesetPromise, and is put on whichever object window.MathJax is
 *    (the configuration first, MathJax itself once it has loaded).
 * 3. The precomputed explorers (excitable.explorers._base.static_widget) get
 *    accessible names: each slider handle is named by its description and
 *    reads out its value; each frame's alt text is the verdict shown with it.
 */
(function () {
  "use strict";

  var here = document.currentScript && document.currentScript.src;
  if (here) {
    var folder = here.replace(/[^/]*$/, "");
    window.__jupyter_widgets_assets_path__ = folder;
    if (typeof window.require === "undefined") {
      window.require = {
        paths: {
          "@jupyter-widgets/html-manager/dist": folder.replace(/\/$/, ""),
          "@jupyter-widgets": folder.replace(/\/$/, "")
        }
      };
    }
  }

  function typeset(element, triesLeft) {
    var mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise && mj.typesetPromise) {
      mj.startup.promise
        .then(function () { return mj.typesetPromise([element]); })
        .catch(function (error) { console.warn("MathJax could not typeset a widget label", error); });
    } else if (triesLeft > 0) {
      setTimeout(function () { typeset(element, triesLeft - 1); }, 200);
    }
  }

  var hub = {
    Queue: function () {
      for (var i = 0; i < arguments.length; i++) {
        var job = arguments[i];
        if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
          typeset(job[2], 50);
        }
      }
    }
  };

  function withHub(value) {
    if (value && typeof value === "object" && !("Hub" in value)) {
      Object.defineProperty(value, "Hub", { value: hub, configurable: true, enumerable: false });
    }
    return value;
  }

  var current = withHub(window.MathJax);
  try {
    Object.defineProperty(window, "MathJax", {
      configurable: true,
      enumerable: true,
      get: function () { return current; },
      set: function (value) { current = withHub(value); }
    });
  } catch (error) {
    console.warn("could not watch window.MathJax", error);
  }

  function nameExplorers() {
    document.querySelectorAll(".excitable-static-explorer .widget-slider").forEach(function (slider) {
      var handle = slider.querySelector("[role=slider]");
      var description = slider.querySelector(".widget-label");
      var readout = slider.querySelector(".widget-readout");
      if (!handle) return;
      if (description && handle.getAttribute("aria-label") !== description.textContent.trim()) {
        handle.setAttribute("aria-label", description.textContent.trim());
      }
      if (readout && handle.getAttribute("aria-valuetext") !== readout.textContent.trim()) {
        handle.setAttribute("aria-valuetext", readout.textContent.trim());
      }
    });
    document.querySelectorAll(".excitable-static-explorer img.excitable-frame").forEach(function (img) {
      var verdict = img.parentElement && img.parentElement.querySelector(".excitable-verdict");
      var alt = "Explorer figure" + (verdict ? ": " + verdict.textContent.trim() : "");
      if (img.getAttribute("alt") !== alt) img.setAttribute("alt", alt);
    });
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; nameExplorers(); });
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
})();
