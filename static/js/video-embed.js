// Click-to-load videos: a YouTube or Vimeo player is created only when the reader presses play,
// so no request reaches those sites before then. Without JavaScript the link opens the video's page.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-embed-src]");
  if (!link) return;
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.className = "video-embed__iframe";
  frame.src = link.dataset.embedSrc;
  frame.title = link.dataset.embedTitle || "Video";
  frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  link.replaceWith(frame);
  frame.focus();
});
