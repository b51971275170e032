"""End to end in a real browser: JupyterLab on localhost and headless Chromium (Debian's, driven
by Playwright's Python API; no browser is downloaded). Runs notebook 01 in quick mode as a student
would, checks the training view and the GAN playground (a button and a slider must change
its picture), opens the built course website (contents, formulas, figures, search, Colab links)
and a slide deck, and moves through it. Screenshots go to
``$GAN_COURSE_OUTPUT/browser/`` (or ``outputs/browser/``): look at them.

Skipped, with the reason, only where no Chromium can be found (`.ci/run` installs Debian's
``chromium``) or Playwright is not installed."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next(
    (
        p
        for p in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"))
        if p and Path(p).exists()
    ),
    None,
)
if CHROMIUM is None:
    pytest.skip(
        "no Chromium found: install Debian's chromium (`apt-get install chromium`, as .ci/run does) "
        "or set CHROMIUM to its path",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (the README's test command installs it)"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOTEBOOK = "01_mlp_gan_3d_spiral.ipynb"
TOKEN = "gan-course-test"


def shots() -> Path:
    folder = Path(os.environ.get("GAN_COURSE_OUTPUT") or ROOT / "outputs") / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a copy of notebook 01 (JupyterLab saves what it opens: never the
    course's own file), its kernels in quick mode with their outputs in a temporary folder."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    port = free_port()
    env = {
        **os.environ,
        "GAN_COURSE_QUICK": "1",
        "GAN_COURSE_OUTPUT": str(root / "outputs"),
        "JUPYTER_CONFIG_DIR": str(root / ".jupyter"),
        "JUPYTERLAB_SETTINGS_DIR": str(root / ".settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces"),
    }
    # All cells in the page (JupyterLab otherwise leaves cells outside the viewport out of it),
    # and no question about Jupyter news over the notebook.
    for name, settings in [
        ("notebook-extension/tracker", '{"windowingMode": "none"}'),
        ("apputils-extension/notification", '{"fetchNews": "false"}'),
    ]:
        path = root / ".settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(settings)
    log = open(root / "lab.log", "w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={root}",
            "--allow-root",
            "--LabApp.news_url=",
            "--ServerApp.open_browser=False",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=root,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab exited: {(root / 'lab.log').read_text()[-2000:]}")
                time.sleep(1)
        else:
            pytest.fail("JupyterLab did not answer within 2 minutes")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def wait_for_change(read, before, seconds=60.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        now = read()
        if now != before:
            return now
        time.sleep(0.25)
    return before


def idle(page):
    """Wait until the status bar says the kernel is idle."""
    page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first.wait_for(timeout=300_000, state="attached")


def test_notebook_widgets_work_in_jupyterlab(lab, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{lab}/lab/tree/{NOTEBOOK}?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    idle(page)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

    # The playground is the last widget: when its step button is there, training has finished.
    playground = page.locator(".widget-vbox:has(button:has-text('step'))").first
    playground.wait_for(timeout=600_000, state="attached")
    idle(page)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']", has_text="Error")
    assert errors.count() == 0, errors.first.inner_text()[:2000]

    # Each training cell shows one picture (the training view, updated in place: no widget, no
    # second progress display) above its log lines.
    training = page.locator(".jp-CodeCell", has=page.locator(".jp-InputArea", has_text="helpers.LiveView("))
    assert training.count() == 2
    for i in range(2):
        assert training.nth(i).locator(".jp-OutputArea-output img").count() == 1
        assert training.nth(i).locator(".widget-hprogress, .widget-box").count() == 0
    training.nth(1).scroll_into_view_if_needed()
    page.screenshot(path=shots() / "training_view.png")

    picture = playground.locator(".widget-output img").first  # the PNG displayed in its Output widget
    playground.scroll_into_view_if_needed()
    before = picture.get_attribute("src")
    assert before.startswith("data:image/png;base64,") and picture.evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=shots() / "playground_before.png")
    playground.locator("button:has-text('step')").click()
    after_step = wait_for_change(lambda: picture.get_attribute("src"), before)
    assert after_step != before, "clicking step did not redraw the playground"

    slider = playground.locator(".widget-hslider", has_text="lr D")
    readout = slider.locator(".widget-readout")
    old_rate = readout.inner_text()
    slider.locator(".noUi-handle, .ui-slider-handle").first.click()
    page.keyboard.press("End")  # the largest learning rate
    assert wait_for_change(readout.inner_text, old_rate) != old_rate
    after_slider = wait_for_change(lambda: picture.get_attribute("src"), after_step)
    assert after_slider != after_step, "moving the lr D slider did not redraw the playground"
    page.screenshot(path=shots() / "playground_after.png")
    page.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The course website and decks as ``python -m tools.build`` makes them (from the stored
    outputs), served over HTTP on localhost as GitHub Pages would serve them."""
    import functools
    import http.server
    import threading

    from tools.build import build

    out = tmp_path_factory.mktemp("build")
    build(run="stored", out=out, root=ROOT)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out / "site"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out / "site", f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_course_site_has_contents_formulas_figures_search_and_colab_links(site, browser):
    folder, url = site
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    failed = []  # anything the site asked its own server for and did not get
    page.on("response", lambda r: failed.append(r.url) if r.url.startswith(url) and r.status >= 400 else None)
    page.goto(f"{url}/index.html")
    assert "For whom" in page.inner_text("main") and "Beyond DCGAN" in page.inner_text(
        "main table"
    )  # the README's table
    footer = page.inner_text("footer.bd-footer-content")  # every page's footer states the licences
    assert "CC BY 4.0" in footer and "MIT" in footer
    page.screenshot(path=shots() / "site_landing.png", full_page=False)

    # the table of contents in the sidebar leads to each notebook's page
    page.locator("nav.bd-docs-nav a", has_text="02 ·").click()
    page.wait_for_url("**/notebooks/02_digit7_gan.html")
    main = page.locator("main")
    figure = main.locator("img[src*='_images/']").first
    figure.scroll_into_view_if_needed()
    sync_api.expect(figure).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", figure.element_handle()) > 100, "a stored figure is shown"
    gif = main.locator("img[src^='data:image/gif']").first
    gif.scroll_into_view_if_needed()
    assert page.evaluate("img => img.complete && img.naturalWidth", gif.element_handle()) > 100, "the training GIF"
    page.screenshot(path=shots() / "site_notebook_gif.png")
    if (ROOT / "node_modules" / "mathjax" / "MathJax.js").is_file():  # npm ci: formulas typeset offline
        page.wait_for_selector("main .MathJax_CHTML", state="attached", timeout=30_000)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots() / "site_notebook.png")

    page.locator("nav.bd-docs-nav a", has_text="08 ·").click()
    page.wait_for_url("**/notebooks/08_beyond_dcgan.html")
    colab = page.locator("a[href^='https://colab.research.google.com/']")
    hrefs = colab.evaluate_all("links => links.map(a => a.href)")
    assert hrefs and hrefs[0].endswith("/blob/main/student/08_beyond_dcgan.ipynb"), "Open in Colab: the student edition"
    assert all(h.endswith(("/student/08_beyond_dcgan.ipynb", "/notebooks/08_beyond_dcgan.ipynb")) for h in hrefs)
    assert (
        page.locator("main a", has_text="with the solutions")
        .get_attribute("href")
        .endswith("/blob/main/notebooks/08_beyond_dcgan.ipynb")
    ), "lecturers get their own link"
    deck = page.locator("main a", has_text="this notebook as a deck")
    assert deck.get_attribute("href") == "../slides/08_beyond_dcgan.slides.html"
    download = page.locator("main a", has_text="Download the notebook")
    assert (folder / "notebooks" / download.get_attribute("href")).read_bytes() == (
        ROOT / "student" / "08_beyond_dcgan.ipynb"
    ).read_bytes(), "the download is the student edition"

    page.goto(f"{url}/search.html?q=Wasserstein")
    results = page.locator("#search-results li")
    results.first.wait_for(timeout=30_000)
    assert "08 · Beyond DCGAN" in page.inner_text("#search-results")
    page.screenshot(path=shots() / "site_search.png")
    assert not failed, f"the site's own files that did not load: {failed}"
    page.close()


def test_the_portuguese_site_is_one_click_away_and_opens_the_portuguese_notebooks(site, browser):
    """Every page links the same page in the other language; a Portuguese page is translated, its
    Colab, lecturer and download links give the Portuguese editions, and its search finds
    Portuguese words."""
    folder, url = site
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.url.startswith(url) and r.status >= 400 else None)
    page.goto(f"{url}/notebooks/08_beyond_dcgan.html")
    page.locator("a.language-switch", has_text="Português").click()
    page.wait_for_url("**/pt_BR/notebooks/08_beyond_dcgan.html")
    main = page.inner_text("main")
    assert "Exercícios" in main and "Learning objectives" not in main, "the page is in Portuguese"
    colab = page.locator("main a", has_text="Abrir no Colab").first.get_attribute("href")
    assert colab.endswith("/blob/main/pt_BR/student/08_beyond_dcgan.ipynb"), "the Portuguese student edition"
    lecturer = page.locator("main a", has_text="com as soluções").get_attribute("href")
    assert lecturer.endswith("/blob/main/pt_BR/notebooks/08_beyond_dcgan.ipynb")
    download = page.locator("main a", has_text="Baixar o notebook").get_attribute("href")
    assert (folder / "pt_BR" / "notebooks" / download).read_bytes() == (
        ROOT / "pt_BR" / "student" / "08_beyond_dcgan.ipynb"
    ).read_bytes(), "the download is the Portuguese student edition"
    page.screenshot(path=shots() / "site_pt_notebook.png")
    page.locator("a.language-switch", has_text="English").click()
    page.wait_for_url(f"{url}/notebooks/08_beyond_dcgan.html")

    page.goto(f"{url}/pt_BR/index.html")
    assert "em inglês" in page.inner_text("main"), "the landing page says what stays in English"
    page.screenshot(path=shots() / "site_pt_landing.png")
    page.goto(f"{url}/pt_BR/search.html?q=discriminador")
    page.locator("#search-results li").first.wait_for(timeout=30_000)
    found = page.inner_text("#search-results")
    assert "08 ·" in found or "01 ·" in found, found[:300]
    links = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.href)")
    assert links and all("/pt_BR/" in link for link in links), "the Portuguese search finds Portuguese pages"
    page.screenshot(path=shots() / "site_pt_search.png")
    assert not failed, f"the site's own files that did not load: {failed}"
    page.close()


def test_a_built_slide_deck_opens_and_moves(site, browser):
    deck = site[0] / "slides" / NOTEBOOK.replace(".ipynb", ".slides.html")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    missing = []  # local files the deck asked for and did not find (assets not copied)
    page.on("requestfailed", lambda request: missing.append(request.url) if request.url.startswith("file:") else None)
    page.goto(deck.as_uri())
    page.wait_for_selector(".reveal.ready", timeout=60_000)  # reveal.js loaded and started
    assert "Open in Colab" in page.locator(".reveal .slides > section").first.inner_text()
    assert page.locator(".reveal .slides > section").count() >= 8
    page.screenshot(path=shots() / "slides_title.png")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash.startsWith('#/1')", timeout=10_000)
    figure = page.locator(".reveal .slides section img[src^='data:image/png']").first
    index = page.evaluate(
        """img => {
        let s = img.closest('.slides > section');
        return Array.from(s.parentNode.children).indexOf(s);
    }""",
        figure.element_handle(),
    )
    page.goto(f"{deck.as_uri()}#/{index}")
    page.wait_for_function(f"location.hash === '#/{index}'", timeout=10_000)
    sync_api.expect(figure).to_be_in_viewport(timeout=10_000)  # the slide with the figure is the one shown
    if (ROOT / "node_modules" / "mathjax" / "MathJax.js").is_file():  # npm ci: formulas typeset offline
        page.goto(f"{deck.as_uri()}#/1")
        page.wait_for_selector(".mjx-chtml", state="attached", timeout=30_000)
        page.screenshot(path=shots() / "slides_formula.png")
    page.goto(f"{deck.as_uri()}#/{index}")
    page.wait_for_timeout(500)
    page.screenshot(path=shots() / "slides_figure.png")
    assert not missing, f"files the deck could not load: {missing}"
    page.close()
