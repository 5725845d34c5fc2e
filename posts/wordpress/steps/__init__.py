"""The import's steps, in the order ``services.wordpress_import`` runs them."""
