;;; verbatim_eglot.el --- Drives Verbatim's language server from Emacs's Eglot  -*- lexical-binding: t; -*-
;;
;; Run as `emacs --batch -l verbatim_eglot.el' (Debian's site start-up puts the elpa-eglot package on
;; the load path), as an Emacs user would use Eglot:
;; open a draft, wait for its diagnostics (Flymake's, as Eglot reports them), hover on the misquote,
;; and apply the preferred quick fix. Writes what Emacs got as JSON and exits; exits non-zero (with
;; the error in the JSON) when a step fails.
;;
;; Environment: VERBATIM_SERVER_CMD (JSON array: the server command), VERBATIM_WORKSPACE (the
;; project root), VERBATIM_DRAFT (the draft to open), VERBATIM_OUT (the JSON file to write),
;; VERBATIM_TIMEOUT_MS.
;;
;; Works with Eglot 1.9 on Emacs 28 (Debian 12: emacs-nox and elpa-eglot).

(require 'json)
(require 'cl-lib)
(require 'eglot)

(defvar verbatim-result (list (cons 'steps nil)))
(defvar verbatim-timeout (/ (string-to-number (or (getenv "VERBATIM_TIMEOUT_MS") "20000")) 1000.0))

(defun verbatim-step (name)
  "Record that step NAME was done."
  (setf (alist-get 'steps verbatim-result) (append (alist-get 'steps verbatim-result) (list name))))

(defun verbatim-set (key value)
  "Record VALUE under KEY in the report."
  (setf (alist-get key verbatim-result) value))

(defun verbatim-wait (what predicate)
  "Wait until PREDICATE holds, running timers and process output; fail naming WHAT."
  (let ((deadline (+ (float-time) verbatim-timeout)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (unless (funcall predicate)
      (error "Nothing within %.0f s: %s" verbatim-timeout what))))

;; A Markdown mode of its own: emacs-nox has none, and Eglot names the language after the mode.
(define-derived-mode markdown-mode text-mode "Markdown")
(add-to-list 'auto-mode-alist '("\\.md\\'" . markdown-mode))

(defun verbatim-diagnostics ()
  "The Flymake diagnostics of the current buffer, as report entries."
  (mapcar (lambda (d)
            (let ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
              `((beg . ,(1- (flymake-diagnostic-beg d)))
                (end . ,(1- (flymake-diagnostic-end d)))
                (type . ,(symbol-name (flymake-diagnostic-type d)))
                (text . ,(flymake-diagnostic-text d))
                (code . ,(plist-get lsp :code))
                (source . ,(plist-get lsp :source)))))
          (flymake-diagnostics)))

(defun verbatim-run ()
  "Open the draft, start Eglot, and exercise the server."
  (let* ((cmd (append (json-parse-string (getenv "VERBATIM_SERVER_CMD") :array-type 'list) nil))
         (root (file-name-as-directory (getenv "VERBATIM_WORKSPACE")))
         (draft (getenv "VERBATIM_DRAFT"))
         (default-directory root))
    (setq eglot-server-programs (list (cons 'markdown-mode cmd)))
    ;; Server-initiated edits are applied without asking (there is nobody to answer in batch mode).
    (setq eglot-confirm-server-initiated-edits nil)
    (find-file draft)
    (verbatim-step (format "opened the draft in %s" major-mode))
    (apply #'eglot (eglot--guess-contact))
    (verbatim-wait "an Eglot connection" (lambda () (eglot-current-server)))
    (let ((server (eglot-current-server)))
      (verbatim-set 'server (plist-get (eglot--server-info server) :name))
      (verbatim-step "connected")
      ;; Diagnostics arrive on their own once the server has indexed the sources and checked the draft.
      (verbatim-wait "diagnostics" (lambda () (flymake-diagnostics)))
      (verbatim-set 'diagnostics (verbatim-diagnostics))
      (verbatim-step "got diagnostics")
      ;; Hover on the quotation, as eldoc asks and shows it.
      (let* ((diag (car (flymake-diagnostics)))
             (beg (flymake-diagnostic-beg diag))
             (end (flymake-diagnostic-end diag)))
        (goto-char (+ beg 3))
        (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
          (verbatim-set 'hoverKind (plist-get (plist-get hover :contents) :kind))
          (verbatim-set 'hover (eglot--hover-info (plist-get hover :contents) (plist-get hover :range))))
        (verbatim-step "got a hover")
        ;; The quick fixes, as `M-x eglot-code-actions' shows them; the preferred one is chosen.
        (let* ((actions (eglot-code-actions beg end nil nil))
               (last-nonmenu-event ?\r))
          (verbatim-set 'actions (mapcar (lambda (a) (plist-get a :title)) actions))
          (cl-letf (((symbol-function 'completing-read)
                     (lambda (_prompt _collection &optional _pred _require _initial _hist def &rest _)
                       def)))
            (eglot--read-execute-code-action actions server))
          (verbatim-set 'text (buffer-substring-no-properties (point-min) (point-max)))
          (verbatim-step "applied the preferred code action"))))))

(let ((ok t))
  (condition-case err
      (verbatim-run)
    (error (setq ok nil)
           (verbatim-set 'error (error-message-string err))))
  (ignore-errors
    (let ((server (eglot-current-server)))
      (when server (eglot-shutdown server))))
  (with-temp-file (getenv "VERBATIM_OUT")
    (insert (json-encode verbatim-result)))
  (kill-emacs (if ok 0 1)))
