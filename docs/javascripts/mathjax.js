// MathJax 3 configuration, read before the (locally served) MathJax script loads.
// Markdown pages: pymdownx.arithmatex wraps math in .arithmatex with \( \) and \[ \].
// Notebook pages: markdown cells keep raw $...$ and $$...$$, so those delimiters are on
// too. Code (pre, code) is never typeset; .tex2jax_ignore opts an element out.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: "tex2jax_ignore",
  },
};
