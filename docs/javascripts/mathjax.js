// MathJax 3 configuration, read before the (locally served) MathJax script loads.
// Markdown pages: pymdownx.arithmatex wraps math in .arithmatex with \( \) and \[ \].
// Notebook pages: cells keep raw $...$ inside .jupyter-wrapper, so $ is accepted there too.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex|jupyter-wrapper",
  },
};
