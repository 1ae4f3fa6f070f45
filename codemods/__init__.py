"""fastfix's codemods: one module per codemod, discovered by `fastfix.registry`."""
