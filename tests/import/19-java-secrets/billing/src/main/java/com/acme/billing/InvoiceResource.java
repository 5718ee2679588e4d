package com.acme.billing;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

@Path("/invoices")
public class InvoiceResource {
    @GET
    public String list() {
        return "[]";
    }
}
