-- Driven by test/lsp/neovim.test.ts: Neovim's own LSP client starts `doclint lsp --stdio`,
-- opens a document of the fixture tree, breaks a link in the buffer (unsaved) and writes what
-- vim.diagnostic then holds for the buffer to $DOCLINT_OUT, one `line:code:message` a line.
local root = vim.env.DOCLINT_ROOT
local out = vim.env.DOCLINT_OUT
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/guide/b.rst'))
local client_id = vim.lsp.start_client({
  name = 'doclint',
  cmd = {vim.env.DOCLINT_NODE, vim.env.DOCLINT_BIN, 'lsp', '--stdio'},
  root_dir = root,
  workspace_folders = {{uri = vim.uri_from_fname(root), name = 'fixture'}},
})
vim.lsp.buf_attach_client(0, client_id)
local function codes()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(found, string.format('%d:%s:%s', d.lnum + 1, tostring(code), d.message))
  end
  return found
end
-- Wait until the server is up (it answers a request), then break the link.
vim.wait(20000, function()
  local client = vim.lsp.get_client_by_id(client_id)
  return client ~= nil and client.initialized
end, 50)
vim.api.nvim_buf_set_lines(0, 3, 4, false, {'See :doc:`nowhere` here.'})
vim.wait(20000, function() return #codes() > 0 end, 50)
vim.fn.writefile(codes(), out)
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
