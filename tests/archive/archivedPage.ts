/**
 * An HTML page for archive tests: its title, byline, site and date are in the markup, not in the
 * text the archive keeps, and its key (from the file name) says nothing of its title.
 */
export const PAGE_FILE = 'coastal-report.html';
export const PAGE_KEY = 'coastal-report';
export const PAGE_TITLE = 'Lighthouse Keepers of the Northern Coast';
/** How a card names its author, outlet and date. */
export const PAGE_FACTS = 'by Ingrid Solberg · Harbor Review · 2021-03-04';
/** A sentence of its text, to quote. */
export const PAGE_SENTENCE = 'The keepers logged every passing ship by hand until the lamps were automated in the spring of 1962';

export const PAGE_HTML = `<!doctype html><html><head><title>${PAGE_TITLE} | Harbor Review</title>
<meta name="author" content="Ingrid Solberg"><meta property="og:site_name" content="Harbor Review">
<meta property="article:published_time" content="2021-03-04T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/archive">Archive</a></nav>
<article><h1>${PAGE_TITLE}</h1>
<p>${PAGE_SENTENCE}. Their logbooks, kept in a cold room of the harbour office, record storms, wrecks and the slow arrival of radio.</p>
<p>Families lived at the stations for decades. Children rowed to school in good weather and studied by lamplight in bad, and the supply boat came twice a month when the sea allowed it.</p>
<p>When the last keeper left in 1962 the station was locked, and the logbooks were carried to the mainland in three wooden crates that nobody opened for forty years.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>`;
