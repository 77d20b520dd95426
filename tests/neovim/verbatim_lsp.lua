-- Drives Verbatim's language server from Neovim's built-in LSP client, headless, as a Neovim user
-- would: open a draft, wait for the diagnostics, type `[@` and ask for completions. Writes what
-- Neovim got as JSON and quits; exits non-zero (with the error in the JSON) when a step fails.
--
-- Environment: VERBATIM_SERVER_CMD (JSON array: the server command), VERBATIM_WORKSPACE (root_dir),
-- VERBATIM_DRAFT (the draft to open), VERBATIM_OUT (the JSON file to write), VERBATIM_TIMEOUT_MS.
--
-- Works with Neovim 0.7 (Debian 12), which has no vim.lsp.start, and with later versions.

local out_file = assert(os.getenv('VERBATIM_OUT'), 'VERBATIM_OUT is not set')
local timeout_ms = tonumber(os.getenv('VERBATIM_TIMEOUT_MS') or '') or 15000
local version = vim.version()
local result = { nvim = string.format('%d.%d.%d', version.major, version.minor, version.patch), steps = {} }

local function write_result()
  local file = assert(io.open(out_file, 'w'))
  file:write(vim.json.encode(result))
  file:close()
end

local function step(name)
  table.insert(result.steps, name)
end

local function run()
  local cmd_json = assert(os.getenv('VERBATIM_SERVER_CMD'), 'VERBATIM_SERVER_CMD is not set')
  local cmd = vim.json.decode(cmd_json)
  local root_dir = assert(os.getenv('VERBATIM_WORKSPACE'), 'VERBATIM_WORKSPACE is not set')
  local draft = assert(os.getenv('VERBATIM_DRAFT'), 'VERBATIM_DRAFT is not set')

  vim.cmd('edit ' .. vim.fn.fnameescape(draft))
  local bufnr = vim.api.nvim_get_current_buf()
  step('opened the draft as filetype ' .. vim.bo[bufnr].filetype)

  local config = {
    name = 'verbatim',
    cmd = cmd,
    root_dir = root_dir,
    workspace_folders = { { uri = vim.uri_from_fname(root_dir), name = 'workspace' } },
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config, { bufnr = bufnr })
  else
    client_id = vim.lsp.start_client(config)
    assert(client_id, 'vim.lsp.start_client failed')
    assert(vim.lsp.buf_attach_client(bufnr, client_id), 'vim.lsp.buf_attach_client failed')
  end
  assert(client_id, 'the language server did not start')
  step('started the client')

  -- Diagnostics arrive on their own after the server has indexed the sources and checked the draft.
  local got_diagnostics = vim.wait(timeout_ms, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 20)
  assert(got_diagnostics, 'no diagnostics within ' .. timeout_ms .. ' ms')
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
      source = d.source,
      message = d.message,
    })
  end
  step('got diagnostics')

  -- Type `See [@` on a new last line; the client sends the change before the request.
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { '', 'See [@' })
  local line = last + 1 -- 0-based index of the new line
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = line, character = #'See [@' },
    context = { triggerKind = 2, triggerCharacter = '@' },
  }, timeout_ms)
  assert(responses, 'no completion response within ' .. timeout_ms .. ' ms')
  local response = responses[client_id]
  assert(response, 'the server did not answer the completion request')
  assert(not response.err, 'completion failed: ' .. vim.inspect(response.err))
  local items = response.result and (response.result.items or response.result) or {}
  result.completion = {}
  for _, item in ipairs(items) do
    table.insert(result.completion, { label = item.label, detail = item.detail })
  end
  step('got completions')
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  result.error = tostring(err)
end
-- Stop the server politely (shutdown, exit) before quitting.
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(2000, function()
  return #vim.lsp.get_active_clients() == 0
end, 20)
write_result()
vim.cmd(ok and 'qall!' or 'cquit 1')
